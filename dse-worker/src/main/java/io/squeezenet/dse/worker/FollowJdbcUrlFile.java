package io.squeezenet.dse.worker;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A worker told where a local service's {@code jdbc-url} file is ({@code ./dse worker} without --db-url) follows it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("dse.worker.jdbc-url-file")
class FollowJdbcUrlFile {

    @Bean(destroyMethod = "close")
    JdbcUrlFileDataSource dataSource(@Value("${dse.worker.jdbc-url-file}") Path file) {
        return new JdbcUrlFileDataSource(file);
    }
}
