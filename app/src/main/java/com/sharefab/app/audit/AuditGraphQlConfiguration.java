package com.sharefab.app.audit;

import graphql.scalars.ExtendedScalars;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The {@code JSON} scalar the audit schema shows payloads and metadata with. */
@Configuration(proxyBeanMethods = false)
class AuditGraphQlConfiguration {

    @Bean
    RuntimeWiringConfigurer auditScalars() {
        return wiring -> wiring.scalar(ExtendedScalars.Json);
    }
}
