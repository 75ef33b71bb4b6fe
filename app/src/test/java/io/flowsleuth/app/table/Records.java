package io.flowsleuth.app.table;

import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.LineParseException;
import io.flowsleuth.model.parse.LineParser;

/** Test records from version-2 lines. */
public final class Records {
    private Records() {
    }

    public static FlowRecord v2(String line) {
        try {
            return new LineParser(FlowFormat.DEFAULT_V2).parse(line, 1);
        } catch (LineParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static final String SSH_REJECT =
            "2 123456789012 eni-0a1b2c3d 198.51.100.7 10.0.1.5 51234 22 6 3 180 1717401600 1717401660 REJECT OK";
    public static final String HTTPS_ACCEPT =
            "2 123456789012 eni-0a1b2c3d 10.0.1.5 203.0.113.9 40000 443 6 12 3145728 1717401600 1717401660 ACCEPT OK";
    public static final String NODATA =
            "2 123456789012 eni-0a1b2c3d - - - - - - - 1717401600 1717401660 - NODATA";
}
