package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowsleuth.model.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCopyTest {
    @Test
    void csvHasAwsNamesAndRawValues() {
        String csv = RowCopy.asCsv(List.of(Records.v2(Records.SSH_REJECT), Records.v2(Records.NODATA)),
                List.of(Field.SRCADDR, Field.DSTPORT, Field.BYTES, Field.ACTION, Field.LOG_STATUS));
        assertEquals("srcaddr,dstport,bytes,action,log-status\n198.51.100.7,22,180,REJECT,OK\n,,,,NODATA\n", csv);
    }

    @Test
    void textIsWhatTheTableShows() {
        String text = RowCopy.asText(List.of(Records.v2(Records.HTTPS_ACCEPT)), List.of(Field.DSTPORT, Field.BYTES),
                CellFormat.defaults());
        assertEquals("dstport\tbytes\n443 (https)\t3.00 MB\n", text);
    }
}
