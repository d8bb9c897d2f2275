/** The streaming XLSX writer, read back by an independent reader (exceljs): header, rows, text kept as text, formulas neutralised. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, sheetName, xlsxChunks, type XlsxCell, type XlsxOptions } from '../../src/core/xlsx.ts';

async function workbookOf(rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>, options: XlsxOptions): Promise<{ book: ExcelJS.Workbook; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of xlsxChunks(rows, options)) parts.push(chunk);
  const book = new ExcelJS.Workbook();
  const bytes = Buffer.concat(parts);
  // exceljs types its input as an ArrayBuffer: hand it exactly the file's bytes.
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { book, chunks: parts.length };
}

const values = (sheet: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe('xlsxChunks', () => {
  it('writes a header and rows that a reader sees as they were, ID numbers as text and Chinese intact', async () => {
    const rows: XlsxCell[][] = [
      ['11010519491231002X', '张三', 36.5, null, 'in'],
      ['110105194912310029', '=cmd()', 1, '+1', '-2'],
      ['@SUM(A1)', '\tTab', '李四 & "小李" <b>', ' padded ', '\rcr'],
    ];
    const { book } = await workbookOf(rows, { sheetName: '出入登记', header: ['身份证号', '姓名', '体温', '备注', '方向'], columnWidths: [21, 12, 7, 10, 6] });
    expect(book.worksheets.map((s) => s.name)).toEqual(['出入登记']);
    const sheet = book.worksheets[0]!;
    const got = values(sheet);
    expect(got[0]).toEqual(['身份证号', '姓名', '体温', '备注', '方向']);
    expect(got[1]).toEqual(['11010519491231002X', '张三', 36.5, undefined, 'in']);
    // Text that a spreadsheet would run gets the apostrophe, as in CSV; numbers stay numbers.
    expect(got[2]).toEqual(['110105194912310029', "'=cmd()", 1, "'+1", "'-2"]);
    expect(got[3]).toEqual(["'@SUM(A1)", "'\tTab", '李四 & "小李" <b>', ' padded ', "'\rcr"]);
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A3').numFmt).toBe('@');
    expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(21);
  });

  it('streams: a large export arrives in many chunks as the rows are read', async () => {
    let read = 0;
    async function* many(): AsyncGenerator<XlsxCell[]> {
      for (let i = 0; i < 20_000; i++) {
        read++;
        yield [`11010519491231${String(i).padStart(4, '0')}`, `名字${i}`, i];
      }
    }
    const generator = xlsxChunks(many(), { sheetName: 'Entries', header: ['id', 'name', 'n'] });
    await generator.next(); // the fixed parts
    const second = await generator.next();
    expect(second.done).toBe(false);
    // The first row chunk came out long before the last row was read.
    expect(read).toBeLessThan(20_000);
    await generator.return(undefined);
  });

  it('continues on a new sheet, with the header again, past the rows a sheet holds', async () => {
    const rows = Array.from({ length: 5 }, (_, i): XlsxCell[] => [`r${i + 1}`]);
    const { book } = await workbookOf(rows, { sheetName: 'Log', header: ['h'], rowsPerSheet: 3 });
    expect(book.worksheets.map((s) => s.name)).toEqual(['Log', 'Log (2)', 'Log (3)']);
    expect(book.worksheets.map(values)).toEqual([[['h'], ['r1'], ['r2']], [['h'], ['r3'], ['r4']], [['h'], ['r5']]]);
  });

  it('writes a header-only workbook, and drops characters XML cannot carry', async () => {
    const { book } = await workbookOf([['a\u0000b\u0008c\ud800d']], { sheetName: 'x', header: ['only'] });
    expect(values(book.worksheets[0]!)).toEqual([['only'], ['abcd']]);
    const empty = await workbookOf([], { sheetName: 'x', header: ['only'] });
    expect(values(empty.book.worksheets[0]!)).toEqual([['only']]);
  });

  it('marks the new formula starts too, and none becomes a formula by losing what XML cannot carry', async () => {
    const { book } = await workbookOf([['\n=1', ' =1', '＝1+1', '\u200B=1', '\uFFFE=1', '\uD800=1']], { sheetName: 'x', header: ['a', 'b', 'c', 'd', 'e', 'f'] });
    // The unencodable character is dropped after the mark: "'=1", never "=1".
    expect(values(book.worksheets[0]!)[1]).toEqual(["'\n=1", "' =1", "'＝1+1", "'\u200B=1", "'=1", "'=1"]);
  });

  it('names columns and sheets as Excel wants them', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(sheetName('a/b:c*d?e[f]g\\h', 0)).toBe('a b c d e f g h');
    expect([...sheetName('日'.repeat(40), 1)]).toHaveLength(31);
    expect(sheetName('', 0)).toBe('Sheet');
  });
});
