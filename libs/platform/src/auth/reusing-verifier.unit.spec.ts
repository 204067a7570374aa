import { type Principal } from './principal';
import { reusingVerifier } from './auth.guard';

/** A compact token whose payload says `exp` (seconds); the signature is the inner verifier's business. */
const tokenWith = (exp: number, tag = 'a') => `h.${Buffer.from(JSON.stringify({ exp, tag })).toString('base64url')}.s`;

describe('reusing verified tokens (issue 17, ADR 0601)', () => {
  let clock: number;
  let calls: string[];
  const principal: Principal = { subject: 'officer-1', roles: ['counter-officer'] };
  /** The real verifier's part: checks the token, and says its principal and the `exp` it carried. */
  const inner = async (token: string) => {
    calls.push(token);
    if (token.endsWith('.bad')) throw new Error('signature');
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
    return { principal, expiresAt: exp };
  };
  beforeEach(() => {
    clock = 1_000_000_000_000;
    calls = [];
  });
  const verify = () => reusingVerifier(inner, () => clock);

  it('given a token it verified, when the same token comes again within a minute, then its signature is not checked again', async () => {
    const v = verify();
    const token = tokenWith(clock / 1000 + 3600);

    expect(await v(token)).toBe(principal);
    clock += 59_000;
    expect(await v(token)).toBe(principal);

    expect(calls).toEqual([token]);
  });

  it('given a minute passed, then the token is verified again', async () => {
    const v = verify();
    const token = tokenWith(clock / 1000 + 3600);
    await v(token);

    clock += 60_001;
    await v(token);

    expect(calls).toEqual([token, token]);
  });

  it('given a token that expires sooner, then it is never reused past its exp', async () => {
    const v = verify();
    const token = tokenWith(clock / 1000 + 10);
    await v(token);

    clock += 10_001;
    await v(token);

    expect(calls).toHaveLength(2);
  });

  it('given a refused token, then it is never remembered; and another token is verified on its own', async () => {
    const v = verify();
    const bad = `${tokenWith(clock / 1000 + 3600).slice(0, -2)}.bad`;
    await expect(v(bad)).rejects.toThrow('signature');
    await expect(v(bad)).rejects.toThrow('signature');
    const other = tokenWith(clock / 1000 + 3600, 'b');
    await v(other);

    expect(calls).toEqual([bad, bad, other]);
  });
});
