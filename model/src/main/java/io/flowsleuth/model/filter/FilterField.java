package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;

import java.util.List;

/**
 * A name a filter can test: a record {@link Field}, an either-side field ({@code addr} = srcaddr or
 * dstaddr, {@code port} = srcport or dstport) or the {@code time} window (start..end).
 *
 * @param name        the canonical name (the AWS name for record fields)
 * @param fields      the record fields it stands for
 * @param type        how values are read and compared
 * @param description one line for completion and documentation
 */
public record FilterField(String name, List<Field> fields, ValueType type, Kind kind, String description) {

    public enum Kind {
        /** One record field. */
        FIELD,
        /** Either of two fields (matches when one of them does). */
        EITHER,
        /** The record's time window, start to end. */
        TIME
    }

    /** How a field's values are written and compared. */
    public enum ValueType {
        /** 0-65535 or a service name (ssh, https ...). */
        PORT,
        /** 0-255 or a protocol name (tcp, udp, icmp ...). */
        PROTOCOL,
        /** A number, or flag names fin, syn, rst, syn-ack (for {@code has}). */
        TCP_FLAGS,
        /** A small whole number. */
        INT,
        /** A 64-bit counter; k, M, G, T suffixes allowed (decimal). */
        COUNT,
        /** ISO-8601 or Unix seconds. */
        TIME,
        /** IPv4/IPv6 address or CIDR network (or a MAC address). */
        ADDRESS,
        /** One of a fixed set of names, case-insensitive. */
        ENUM,
        /** Text compared exactly, upper-cased first (AWS service codes, reject reasons). */
        UPPER_TEXT,
        /** Text compared exactly (identifiers). */
        TEXT;

        public boolean numeric() {
            return this == PORT || this == PROTOCOL || this == TCP_FLAGS || this == INT || this == COUNT || this == TIME;
        }
    }

    public FilterField {
        fields = List.copyOf(fields);
    }

    /** The kind of the underlying record field(s). */
    public FieldKind fieldKind() {
        return fields.get(0).kind();
    }

    /** The single record field; for either-side and time fields, the first one. */
    public Field field() {
        return fields.get(0);
    }
}
