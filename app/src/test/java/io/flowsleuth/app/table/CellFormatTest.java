package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import org.junit.jupiter.api.Test;

class CellFormatTest {
    private final FlowRecord ssh = Records.v2(Records.SSH_REJECT);
    private final FlowRecord https = Records.v2(Records.HTTPS_ACCEPT);

    @Test
    void humanReadableBytesProtocolAndServiceNames() {
        CellFormat f = CellFormat.defaults();
        assertEquals("180 B", f.display(ssh, Field.BYTES));
        assertEquals("3.00 MB", f.display(https, Field.BYTES));
        assertEquals("TCP", f.display(ssh, Field.PROTOCOL));
        assertEquals("22 (ssh)", f.display(ssh, Field.DSTPORT));
        assertEquals("443 (https)", f.display(https, Field.DSTPORT));
        assertEquals("51234", f.display(ssh, Field.SRCPORT));
        assertEquals("REJECT", f.display(ssh, Field.ACTION));
    }

    @Test
    void rawValuesWhenNamesAreOff() {
        CellFormat f = new CellFormat(AppPreferences.TimeZoneMode.UTC, AppPreferences.TimeMode.ABSOLUTE, false, false, 0);
        assertEquals("3,145,728", f.display(https, Field.BYTES));
        assertEquals("22", f.display(ssh, Field.DSTPORT));
    }

    @Test
    void timesInUtcAbsoluteOrRelative() {
        CellFormat abs = CellFormat.defaults();
        assertEquals("2024-06-03 08:00:00", abs.display(ssh, Field.START));
        assertEquals("start (UTC)", abs.header(Field.START));
        CellFormat rel = new CellFormat(AppPreferences.TimeZoneMode.UTC, AppPreferences.TimeMode.RELATIVE, true, true,
                1717401600L - 90);
        assertEquals("+90", rel.display(ssh, Field.START));
        assertEquals("+150", rel.display(ssh, Field.END));
    }

    @Test
    void missingValuesAreADashNeverZero() {
        FlowRecord nodata = Records.v2(Records.NODATA);
        CellFormat f = CellFormat.defaults();
        assertEquals("-", f.display(nodata, Field.BYTES));
        assertEquals("-", f.display(nodata, Field.DSTPORT));
        assertEquals("NODATA", f.display(nodata, Field.LOG_STATUS));
        assertEquals("-", f.display(nodata, Field.TCP_FLAGS));
    }

    @Test
    void bytesUnits() {
        assertEquals("1023 B", CellFormat.bytes(1023));
        assertEquals("1.50 KB", CellFormat.bytes(1536));
        assertEquals("4.00 GB", CellFormat.bytes(4L << 30));
        assertEquals("2.00 GB", CellFormat.bytes(2147483648L));
    }

    @Test
    void tcpFlagsDecoded() {
        assertEquals("SYN-ACK|FIN (19)", CellFormat.flags(19));
        assertEquals("SYN (2)", CellFormat.flags(2));
    }
}
