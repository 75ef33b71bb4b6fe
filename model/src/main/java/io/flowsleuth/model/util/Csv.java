package io.flowsleuth.model.util;

/** CSV cells as RFC 4180 writes them: as is, or in double quotes (quotes doubled) when they must be. */
public final class Csv {
    private Csv() {
    }

    /** Whether a value must be quoted: it holds a comma, a double quote or a line break. */
    public static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** The cell for a value ({@code ""} for null). */
    public static String cell(String s) {
        if (s == null) {
            return "";
        }
        return needsQuotes(s) ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Appends the cell for a value (nothing for null) without an intermediate string when none is needed. */
    public static void append(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        if (!needsQuotes(s)) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
