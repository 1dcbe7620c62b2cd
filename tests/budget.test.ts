// The budget as a constraint: what each programme spends, what it could not pay, and never more than is left.
import { describe, expect, it } from 'vitest';
import { Budget, Programme } from '../src/model/budget.js';

describe('Budget', () => {
  it('pays while money is left and books the rest as the programme\'s unmet demand', () => {
    const b = new Budget();
    b.startYear(100);
    b.startMonth();
    expect(b.spend(Programme.loans, 60)).toBe(true);
    expect(b.spend(Programme.grants, 50)).toBe(false);
    expect(b.left).toBe(40);
    expect(b.spentBy[Programme.loans]).toBe(60);
    expect(b.unmetBy[Programme.grants]).toBe(50);
    expect(b.spent).toBe(60);
  });

  it('buys as many units as it can afford and never overspends', () => {
    const b = new Budget();
    b.startYear(1000);
    b.startMonth();
    expect(b.spendUnits(Programme.training, 300, 5)).toBe(3);
    expect(b.left).toBe(100);
    expect(b.unmetBy[Programme.training]).toBe(600);
    // A seat bought but not taken is refunded.
    b.refund(Programme.training, 300);
    expect(b.left).toBe(400);
    expect(b.spentBy[Programme.training]).toBe(600);
    expect(b.spent).toBe(600);
  });

  it('counts money from higher government without holding it back, and starts each month afresh', () => {
    const b = new Budget();
    b.startYear(10);
    b.startMonth();
    b.spendAnyway(Programme.network, 50);
    expect(b.left).toBe(0);
    expect(b.spentBy[Programme.network]).toBe(50);
    b.credit(20);
    expect(b.left).toBe(20);
    b.startMonth();
    expect(b.spent).toBe(0);
    expect(Array.from(b.spentBy).every((x) => x === 0)).toBe(true);
    expect(Array.from(b.unmetBy).every((x) => x === 0)).toBe(true);
  });
});
