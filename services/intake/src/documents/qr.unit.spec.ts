import { createHash } from 'node:crypto';
import { encodeQr, formatBits, qrSvg, reedSolomon, versionBits } from './qr';

const rows = (m: boolean[][]) => m.map((r) => r.map((d) => (d ? '1' : '0')).join(''));
const sha = (m: boolean[][]) => createHash('sha256').update(rows(m).join('\n')).digest('hex');

/**
 * Symbols made by an independent encoder (python-qrcode 8.2, byte mode forced, level M, the
 * mask given, no quiet zone), as SHA-256 of their rows ('1' = dark, joined by newlines).
 * The same comparison ran over all 8 masks of versions 1-10 when the encoder was written.
 */
const reference = [
  { text: 'A', version: 1, mask: 0, sha: '2bae48594b7325872d655a95d8814f09f3825eba52faa8c8b4e3c6dd453105e5' },
  { text: 'HELLO WORLD', version: 1, mask: 0, sha: '2cee776cd87923a0b50751b157fe74b27d8d63df96b9e797fc0e21d47726384c' },
  { text: 'zjR3j1twdTKWTddB-Xhk', version: 2, mask: 1, sha: '95de1ff0d651bd433fef10946d466d6440af5b45e849cac26623a9d8478f3a05' },
  { text: 'e2JbmPTuSgR7cMy-UcU3:zr1ZtoLuCr64Cx', version: 3, mask: 2, sha: '3feacab17c4f29e3b926571b5842fdf3995df94d2572bb452c24f1dabf75e8e7' },
  { text: 'Q.bLifxz53nCQE28-AJy75fNcTTN6KFAQdEmQg3OMJmYxhcABm6jof8', version: 4, mask: 3, sha: '0d9050e29040247fc8f8805a8e7aceaed69418ea690a41ac8adfbd940c52a4c4' },
  { text: 'ONUsSDDFRFIFIuZIxNfaaOEELk9MQMalor2hCsgkGvp.8kD0D3Ms8GbLkV3AZkGAs-M-X|s:hUkbd|VO', version: 5, mask: 4, sha: 'e38aa366a68b00d7ebfa297303db35ab93171171a653407d74d8b471a6c679ae' },
  { text: 'uNXIp3Z.CcR1y6FFEiiEMgPB3eFkOnsVPH:iK7S4P:Ql0kjfLk6cxZu6m98nDfqcY:xyBtUepp-ikblHCUIs4Hx4tNcT1rtRZjM8', version: 6, mask: 5, sha: '8e8874fedbdb4f5e6e1bc2803d55ddc6e4892cf5bfad902662eea620222e9e4a' },
  { text: 'cJiWBhiIFZ:G0uiBpF6kq0iz2o1xTxx0SAe.gweZOLEGzp4o6A88:rwewtIyipJchh8s9cSIuaVueWT6WFpwu2P0TgwNutm5Ljyl5O59WTAQu-evrwgCZAhH', version: 7, mask: 6, sha: '1d8200484271054587e065a19a73d65939e6e0c3b32097bf6abe10313654823f' },
  { text: 'G3NClJkWR1Jwm:O5f|vY3JgwXge0ugJH8bpB48rX7pd3La0zRdvuw|uQcbiOE:Rz1J86qts3oW9CUyvOlafZvmgUI6FZB0iDIAWKfAWdWheCDOKLZT8qJsol19hqHKhUhLIGhQqr.-SYGT2xlCdnJ8', version: 8, mask: 7, sha: '0c4886fe53f21ad0e35da8a951f01ad5e340eb5a8a746ecfc1de67d2508cab51' },
  { text: 'MITY57dL83RBYbN6eh.2qHDdDc:lb6YXanhQUHc7rnyonHoLlGp:eTWf7DZpP.u8nJNIx39Ig:c5o91v5oGN6LjREQI7EmIr3KSyMGEkRNJoU0VeWx2ruPf6OLhx8cXk7yZQY-N:rfDg:8TpoWrY1HAdsBgFEpdoiumvtywkOdB0fGVTng.p', version: 9, mask: 0, sha: '8a7738660f62354f4677cfa7640ad72a8d6b95c72fd3272ab80295abc520630d' },
  { text: '577oOWOfQaRa|qYq59FWHW5JI5DC90.L0dRG0ern-1yH.BpE3ZcqBDMH2-|vMwoBxh0I|wN-MzN|3.DO8mF1jA8fs7wNlGqnezD36S9mFlBSpHfDVhewcpSMf4xsT5WkvCi|GPUAyIpqJTwRmFP6.S-PbTndAGhMX4pQXoyS5jgXRvTfCPZnAnpMk7U4NLszXUaJALzKQf6G05ODyr', version: 10, mask: 1, sha: 'cfb9360344c4ca346d79f41a8aead69136a1a7a36dec847497bef6248bb33b32' },
];

describe('QR encoder (byte mode, level M, versions 1-10)', () => {
  it('computes Reed-Solomon codewords (the HELLO WORLD 1-M example of the Thonky tutorial)', () =>
    expect(reedSolomon([32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17], 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]));

  it('computes the format bits of level M for each mask, and the version bits of 7-10 (the standard\'s tables)', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((m) => formatBits(m).toString(2).padStart(15, '0'))).toEqual([
      '101010000010010', '101000100100101', '101111001111100', '101101101001011',
      '100010111111001', '100000011001110', '100111110010111', '100101010100000',
    ]);
    expect([7, 8, 9, 10].map(versionBits)).toEqual([0x07c94, 0x085bc, 0x09a99, 0x0a4d3]);
  });

  it('draws exactly the symbol of an independent encoder, module for module', () => {
    expect(rows(encodeQr('hello', { mask: 0 }))).toEqual([
      '111111100110001111111', '100000101100001000001', '101110100101101011101', '101110100011001011101',
      '101110101100101011101', '100000100000101000001', '111111101010101111111', '000000000011100000000',
      '101010100101000010010', '001011000010001000011', '010100101110100011111', '110010000000001000010',
      '011010110010101010000', '000000001111010100111', '111111100011011100111', '100000100011110110000',
      '101110101011011100011', '101110100100001100110', '101110101110100010101', '100000100100001010010',
      '111111101110101100011',
    ]);
    for (const r of reference) {
      const m = encodeQr(r.text, { mask: r.mask });
      expect({ text: r.text, size: m.length, sha: sha(m) }).toEqual({ text: r.text, size: 17 + 4 * r.version, sha: r.sha });
    }
  });

  it('chooses one of the eight masks by penalty, and picks the smallest version that fits', () => {
    const text = '000.00.31.H12-261122-0001|death-3in1|2026-11-30T10:00:00.000Z';
    const chosen = sha(encodeQr(text));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((mask) => sha(encodeQr(text, { mask })))).toContain(chosen);
    expect(encodeQr(text)).toHaveLength(33); // 61 bytes: version 4
    expect(encodeQr('x'.repeat(213))).toHaveLength(57);
  });

  it('refuses content beyond version 10-M (213 bytes)', () => expect(() => encodeQr('x'.repeat(214))).toThrow(RangeError));

  it('renders an SVG with the quiet zone', () => expect(qrSvg('hello')).toMatch(/^<svg [^>]*viewBox="0 0 29 29"/));
});
