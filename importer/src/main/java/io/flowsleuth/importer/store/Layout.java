package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The FLOW columns one format fills, in order, and where the fields the rollups need are. */
final class Layout {
    final Field[] fields;
    final FlowColumns.Encoding[] enc;
    final boolean extras;
    final int start;
    final int end;
    final int eni;
    final int action;
    final int status;
    final int packets;
    final int bytes;
    final int src;
    final int dst;
    final int proto;
    final int srcport;
    final int dstport;
    /** Column indexes whose values R_VALUE counts (dictionary fields and version). */
    final int[] valueCols;

    Layout(List<Field> fieldList, boolean extras) {
        this.fields = fieldList.toArray(new Field[0]);
        this.enc = new FlowColumns.Encoding[fields.length];
        List<Integer> vc = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            enc[i] = FlowColumns.encoding(fields[i]);
            if (enc[i] == FlowColumns.Encoding.DICT || fields[i] == Field.VERSION) {
                vc.add(i);
            }
        }
        this.valueCols = vc.stream().mapToInt(Integer::intValue).toArray();
        this.extras = extras;
        this.start = indexOf(Field.START);
        this.end = indexOf(Field.END);
        this.eni = indexOf(Field.INTERFACE_ID);
        this.action = indexOf(Field.ACTION);
        this.status = indexOf(Field.LOG_STATUS);
        this.packets = indexOf(Field.PACKETS);
        this.bytes = indexOf(Field.BYTES);
        this.src = indexOf(Field.SRCADDR);
        this.dst = indexOf(Field.DSTADDR);
        this.proto = indexOf(Field.PROTOCOL);
        this.srcport = indexOf(Field.SRCPORT);
        this.dstport = indexOf(Field.DSTPORT);
    }

    /** The layout of a format: its known fields (each once), in FLOW order (Field order), and extras. */
    static Layout of(FlowFormat format) {
        List<Field> fs = new ArrayList<>(format.fields());
        fs.sort(null);
        boolean ex = false;
        for (FlowFormat.Column c : format.columns()) {
            if (!c.known()) {
                ex = true;
            }
        }
        return new Layout(fs, ex);
    }

    int indexOf(Field f) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == f) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && Arrays.equals(l.fields, fields) && l.extras == extras;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields) * 2 + (extras ? 1 : 0);
    }
}
