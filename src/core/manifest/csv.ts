// RFC 4180 records over physical lines: a quoted field may hold the delimiter, doubled quotes ("") and line breaks,
// so a record can span lines; it is reported at the line where it starts. Lenient where Python's csv module and
// pandas are (what Hugging Face `datasets` reads metadata.csv with): a quote inside an unquoted field is a
// character, text after a closing quote joins the field.

export interface CsvRecord {
  /** The physical line the record starts on. */
  readonly line: number;
  readonly fields: string[];
}

export class CsvRecordReader {
  private fields: string[] = [];
  private field = '';
  private startLine = 0;
  private open = false;

  constructor(private readonly delimiter = ',') {}

  /** True inside a quoted field that goes on to the next line. */
  get inQuotedField(): boolean {
    return this.open;
  }

  /** The line where the unfinished record started (0 when none). */
  get pendingLine(): number {
    return this.open ? this.startLine : 0;
  }

  /** Feeds one physical line (without its line break); the finished record, or null when a quoted field goes on. */
  push(text: string, line: number): CsvRecord | null {
    const d = this.delimiter;
    let i = 0;
    let inQuotes = this.open;
    let atFieldStart = !this.open;
    if (this.open) {
      this.field += '\n'; // the line break inside the quotes is part of the field
    } else {
      if (text.indexOf('"') < 0) return { line, fields: text.split(d) };
      this.fields = [];
      this.field = '';
      this.startLine = line;
    }
    while (i < text.length) {
      if (inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          i = text.length;
        } else if (text.charCodeAt(q + 1) === 34) {
          this.field += text.slice(i, q + 1);
          i = q + 2;
        } else {
          this.field += text.slice(i, q);
          inQuotes = false;
          i = q + 1;
        }
      } else if (text[i] === d) {
        this.fields.push(this.field);
        this.field = '';
        atFieldStart = true;
        i++;
      } else if (atFieldStart && text.charCodeAt(i) === 34) {
        inQuotes = true;
        atFieldStart = false;
        i++;
      } else {
        let end = text.indexOf(d, i);
        if (end < 0) end = text.length;
        this.field += text.slice(i, end);
        atFieldStart = false;
        i = end;
      }
    }
    this.open = inQuotes;
    if (inQuotes) return null;
    this.fields.push(this.field);
    const record = { line: this.startLine, fields: this.fields };
    this.fields = [];
    this.field = '';
    return record;
  }
}
