package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import org.junit.jupiter.api.Test;

class ValueFiltersTest {
    private final FlowRecord ssh = Records.v2(Records.SSH_REJECT);
    private final FlowRecord https = Records.v2(Records.HTTPS_ACCEPT);

    @Test
    void clausesAreValidFiltersThatMatchTheirRecord() {
        for (Field f : Field.DEFAULT_V2) {
            String clause = ValueFilters.equalsClause(ssh, f);
            CompiledFilter c = CompiledFilter.compile(clause);
            assertTrue(c.isValid(), clause + ": " + c.renderErrors());
            assertTrue(c.predicate().test(ssh), clause + " should match its own record");
        }
    }

    @Test
    void namesWherePeopleThinkInNames() {
        assertEquals("dstport == 22", ValueFilters.equalsClause(ssh, Field.DSTPORT));
        assertEquals("action == reject", ValueFilters.equalsClause(ssh, Field.ACTION));
        assertEquals("protocol == tcp", ValueFilters.equalsClause(ssh, Field.PROTOCOL));
        assertEquals("interface-id == \"eni-0a1b2c3d\"", ValueFilters.equalsClause(ssh, Field.INTERFACE_ID));
        assertEquals("srcaddr == 198.51.100.7", ValueFilters.equalsClause(ssh, Field.SRCADDR));
        assertNull(ValueFilters.equalsClause(Records.v2(Records.NODATA), Field.DSTPORT));
    }

    @Test
    void conversationMatchesBothDirections() {
        String conv = ValueFilters.conversationClause(ssh);
        assertEquals("addr == 198.51.100.7 and addr == 10.0.1.5 and port == 51234 and port == 22 and protocol == tcp", conv);
        CompiledFilter c = CompiledFilter.compile(conv);
        assertTrue(c.isValid(), c.renderErrors());
        FlowRecord reply = Records.v2(
                "2 123456789012 eni-0a1b2c3d 10.0.1.5 198.51.100.7 22 51234 6 3 180 1717401600 1717401660 ACCEPT OK");
        assertTrue(c.predicate().test(ssh));
        assertTrue(c.predicate().test(reply));
        assertTrue(!c.predicate().test(https));
        assertNull(ValueFilters.conversationClause(Records.v2(Records.NODATA)));
    }
}
