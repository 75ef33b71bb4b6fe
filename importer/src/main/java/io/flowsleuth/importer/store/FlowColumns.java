package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;

import java.util.List;
import java.util.Locale;

/**
 * The columns of the {@code FLOW} table, one per known {@link Field}, and how each is encoded (see
 * docs/adr/0001-case-schema.md):
 * <ul>
 * <li>INT fields (version, ports, protocol, tcp-flags, traffic-path, encryption-status): {@code INT};</li>
 * <li>LONG and TIME fields (packets, bytes, packets-lost-*, start, end): {@code BIGINT}, times in Unix seconds;</li>
 * <li>ADDRESS fields: {@code BIGINT}, see {@link Addresses};</li>
 * <li>TEXT fields (account, ENI, VPC, action, log-status ...): {@code INT} ids into the {@code DICT}
 * table, see {@link Dictionary} for the reserved ids of action, log-status, type and flow-direction.</li>
 * </ul>
 * A missing value ({@code -}) is SQL NULL. Column names are the AWS names in upper case with
 * {@code _} for {@code -} ({@code INTERFACE_ID}, {@code PKT_SRCADDR}), except {@code end}, a reserved
 * word, which is {@code END_TIME}. A case has the v2 columns plus the columns of the fields its
 * sources brought; {@link CaseStore#flowColumns()} says which.
 */
public final class FlowColumns {
    /** The primary key: {@code (source id << 32) | line number}. */
    public static final String ID = "ID";
    /** Unknown columns of a record as a JSON object (only present once a source had such columns). */
    public static final String EXTRA = "EXTRA";

    /** How a field's value is stored. */
    public enum Encoding { NUMBER, DICT, ADDRESS }

    private FlowColumns() {
    }

    /** The column of a field in {@code FLOW} (and in the rollup tables that have it). */
    public static String column(Field f) {
        if (f == Field.END) {
            return "END_TIME";
        }
        return f.awsName().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public static Encoding encoding(Field f) {
        FieldKind k = f.kind();
        if (k.numeric()) {
            return Encoding.NUMBER;
        }
        return k == FieldKind.ADDRESS ? Encoding.ADDRESS : Encoding.DICT;
    }

    /** The SQL type of a field's column. */
    public static String sqlType(Field f) {
        switch (f.kind()) {
            case INT:
                return "INT";
            case LONG:
            case TIME:
            case ADDRESS:
                return "BIGINT";
            default:
                return "INT";
        }
    }

    /** True when the column holds a 32-bit value ({@code INT}). */
    public static boolean isIntColumn(Field f) {
        return sqlType(f).equals("INT");
    }

    /** The field of a FLOW column name, or null (for ID, EXTRA or unknown names). */
    public static Field field(String column) {
        String c = column.toUpperCase(Locale.ROOT);
        if (c.equals("END_TIME")) {
            return Field.END;
        }
        return Field.byName(c.toLowerCase(Locale.ROOT)).orElse(null);
    }

    /** The columns every case has: the version 2 fields. */
    public static final List<Field> BASE = Field.DEFAULT_V2;
}
