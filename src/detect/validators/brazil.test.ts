import { describe, it, expect } from 'vitest';
import { brazilCnpj, brazilCpf } from './brazil.js';

describe('brazil', () => {
  it('checks CPF and CNPJ digits', () => {
    expect(brazilCpf('111.444.777-35')).toBe(true);
    expect(brazilCpf('111.444.777-36')).toBe(false);
    expect(brazilCpf('111.111.111-11')).toBe(false);
    expect(brazilCnpj('11.222.333/0001-81')).toBe(true);
    expect(brazilCnpj('11.222.333/0001-82')).toBe(false);
  });
});
