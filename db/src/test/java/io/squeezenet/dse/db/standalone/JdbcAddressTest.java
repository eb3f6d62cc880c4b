package io.squeezenet.dse.db.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcAddressTest {

    @Test
    void takesThePasswordOutWhereverItStands() {
        assertThat(JdbcAddress.parse("jdbc:postgresql://h:1/db?user=dse&password=s3cr%26t"))
                .isEqualTo(new JdbcAddress("jdbc:postgresql://h:1/db?user=dse", "s3cr&t"));
        assertThat(JdbcAddress.parse("jdbc:postgresql://h:1/db?password=x&user=dse&ssl=true"))
                .isEqualTo(new JdbcAddress("jdbc:postgresql://h:1/db?user=dse&ssl=true", "x"));
        assertThat(JdbcAddress.parse("jdbc:postgresql://h:1/db?user=dse&password=x&ssl=true"))
                .isEqualTo(new JdbcAddress("jdbc:postgresql://h:1/db?user=dse&ssl=true", "x"));
        assertThat(JdbcAddress.parse("jdbc:postgresql://h:1/db")).isEqualTo(new JdbcAddress("jdbc:postgresql://h:1/db", null));
    }

    @Test
    void redactsForLogs() {
        assertThat(JdbcAddress.redact("jdbc:postgresql://h:1/db?user=dse&password=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:1/db?user=dse&ssl=true&password=***");
        assertThat(JdbcAddress.redact("jdbc:postgresql://h:1/db?user=dse")).isEqualTo("jdbc:postgresql://h:1/db?user=dse");
    }
}
