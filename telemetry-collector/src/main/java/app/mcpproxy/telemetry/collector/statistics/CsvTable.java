package app.mcpproxy.telemetry.collector.statistics;

import java.util.List;

/**
 * A view's figures as one table, for export as CSV: the same folded figures the view's JSON holds.
 * A withheld figure (fewer installs than the fold allows) is an empty cell.
 *
 * @param header the column names
 * @param rows the rows, each as long as the header
 */
public record CsvTable(List<String> header, List<List<Object>> rows) {
  public CsvTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /** The table as RFC 4180 CSV, CRLF line ends. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder();
    line(csv, header);
    rows.forEach(row -> line(csv, row));
    return csv.toString();
  }

  private static void line(StringBuilder csv, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cell(cells.get(i)));
    }
    csv.append("\r\n");
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    // A spreadsheet runs a cell that starts with one of these as a formula.
    boolean formula =
        !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number);
    if (formula) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
