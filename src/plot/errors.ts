/**
 * Bad input to `plot` or `report`: a path that is not a homeward output directory, a file in it that is not in
 * the expected format, an unknown metric, a month without data. The CLI prints the message alone and exits 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
