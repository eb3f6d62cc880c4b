package io.squeezenet.dse.db.standalone;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Standalone mode: with no {@code spring.datasource.url} and no other connection (a Testcontainers
 * {@code @ServiceConnection} where Docker runs), start an embedded PostgreSQL and hand Boot its connection.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(StandaloneSettings.class)
public class EmbeddedPostgresAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({JdbcConnectionDetails.class, EmbeddedPostgresServer.class})
    EmbeddedPostgresServer embeddedPostgresServer(StandaloneSettings settings) {
        return EmbeddedPostgresServer.start(settings.dataDir());
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgresServer server) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return server.username();
            }

            @Override
            public String getPassword() {
                return server.password();
            }

            @Override
            public String getJdbcUrl() {
                return server.address();
            }
        };
    }
}
