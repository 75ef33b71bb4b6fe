package io.flowsleuth.app.table;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.net.Ports;
import io.flowsleuth.model.net.Protocols;
import io.flowsleuth.model.net.TcpFlags;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the table and the details pane show values: human-readable bytes, protocol names, port
 * service names, decoded tcp flags, times in UTC or local, absolute or relative to the start of the
 * case. Text is built only when a cell is displayed (light rows). Immutable: a preference change
 * makes a new one.
 */
public final class CellFormat {
    private static final DateTimeFormatter ABS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;
    private final boolean relative;
    private final boolean humanBytes;
    private final boolean serviceNames;
    private final long baseTime;
    private final DecimalFormat grouped;

    public CellFormat(AppPreferences.TimeZoneMode zoneMode, AppPreferences.TimeMode timeMode, boolean humanBytes,
            boolean serviceNames, long baseTime) {
        this.zone = zoneMode == AppPreferences.TimeZoneMode.LOCAL ? ZoneId.systemDefault() : ZoneOffset.UTC;
        this.relative = timeMode == AppPreferences.TimeMode.RELATIVE;
        this.humanBytes = humanBytes;
        this.serviceNames = serviceNames;
        this.baseTime = baseTime;
        this.grouped = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Defaults: UTC, absolute, human bytes, service names. */
    public static CellFormat defaults() {
        return new CellFormat(AppPreferences.TimeZoneMode.UTC, AppPreferences.TimeMode.ABSOLUTE, true, true, 0);
    }

    public static CellFormat of(AppPreferences p, long baseTime) {
        return new CellFormat(p.timeZoneMode(), p.timeMode(), p.humanBytes(), p.serviceNames(), baseTime);
    }

    public CellFormat withBaseTime(long base) {
        return new CellFormat(zone.equals(ZoneOffset.UTC) ? AppPreferences.TimeZoneMode.UTC
                : AppPreferences.TimeZoneMode.LOCAL, relative ? AppPreferences.TimeMode.RELATIVE
                : AppPreferences.TimeMode.ABSOLUTE, humanBytes, serviceNames, base);
    }

    /** Column header label: the AWS field name, with the time zone for times. */
    public String header(Field f) {
        if (f.kind() == FieldKind.TIME) {
            return f.awsName() + (relative ? " (s)" : zone.equals(ZoneOffset.UTC) ? " (UTC)" : " (local)");
        }
        return f.awsName();
    }

    /** The text of a field as displayed; {@code -} when missing. */
    public String display(FlowRecord r, Field f) {
        if (r == null) {
            return "";
        }
        if (!r.has(f) || !r.isPresent(f)) {
            return "-";
        }
        switch (f) {
            case BYTES:
                return humanBytes ? bytes(r.num(f)) : grouped.format(r.num(f));
            case PACKETS:
            case PACKETS_LOST_BLACKHOLE:
            case PACKETS_LOST_MTU_EXCEEDED:
            case PACKETS_LOST_NO_ROUTE:
            case PACKETS_LOST_TTL_EXPIRED:
                return grouped.format(r.num(f));
            case PROTOCOL:
                return protocol((int) r.num(f));
            case SRCPORT:
            case DSTPORT:
                return port((int) r.num(f));
            case TCP_FLAGS:
                return flags(r.num(f));
            default:
                break;
        }
        if (f.kind() == FieldKind.TIME) {
            return time(r.num(f));
        }
        return r.text(f);
    }

    /** The raw value as AWS writes it ({@code -} when missing), for CSV copies and filters. */
    public static String raw(FlowRecord r, Field f) {
        if (r == null || !r.has(f)) {
            return "-";
        }
        String t = r.text(f);
        return t == null ? "-" : t;
    }

    public String time(long seconds) {
        if (relative) {
            long d = seconds - baseTime;
            return (d >= 0 ? "+" : "-") + grouped.format(Math.abs(d));
        }
        return ABS.format(Instant.ofEpochSecond(seconds).atZone(zone));
    }

    /** Absolute time in the chosen zone regardless of the relative setting (details pane, status bar). */
    public String absoluteTime(long seconds) {
        return ABS.format(Instant.ofEpochSecond(seconds).atZone(zone)) + (zone.equals(ZoneOffset.UTC) ? " UTC" : "");
    }

    public String protocol(int number) {
        String n = Protocols.name(number);
        return n == null ? Integer.toString(number) : n.toUpperCase(Locale.ROOT);
    }

    public String port(int port) {
        if (!serviceNames) {
            return Integer.toString(port);
        }
        String n = Ports.name(port);
        return n == null ? Integer.toString(port) : port + " (" + n + ")";
    }

    public static String flags(long value) {
        return value == 0 ? "0" : TcpFlags.label(value) + " (" + value + ")";
    }

    /** 1,536 → "1.5 KB"; SI-free binary units, like most network tools' "human readable". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v)) + " " + units[u];
    }

    /** Whether a column's values are right-aligned (numbers). */
    public static boolean numeric(Field f) {
        return f == Field.BYTES || f == Field.PACKETS || f.kind() == FieldKind.LONG || f == Field.VERSION;
    }

    public boolean isRelative() {
        return relative;
    }

    public ZoneId zone() {
        return zone;
    }
}
