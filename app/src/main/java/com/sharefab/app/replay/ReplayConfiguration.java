package com.sharefab.app.replay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link ReadModelCollections} around the {@code MongoDatabase} bean. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    static ReadModelCollections readModelCollections() {
        return new ReadModelCollections(ReadModels.logicalNames());
    }
}
