// Spreadsheet formula injection: a cell that starts with = + - @ (or tab / carriage return) may be run as a
// formula when the CSV is opened. Event fields are attacker-controlled, so such cells get a leading
// apostrophe, which spreadsheet programs show as text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
