import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the RFC 3720 / iSCSI test vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)))).toBe(0x113fdb5c);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('continues across chunks and honours start/end', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog, 0123456789 times');
    const whole = crc32c(data);
    for (const cut of [1, 7, 8, 9, 30]) {
      expect(crc32c(data, cut, data.length, crc32c(data, 0, cut))).toBe(whole);
    }
    const padded = Buffer.concat([Buffer.from('xx'), data, Buffer.from('yyy')]);
    expect(crc32c(padded, 2, 2 + data.length)).toBe(whole);
  });
});
