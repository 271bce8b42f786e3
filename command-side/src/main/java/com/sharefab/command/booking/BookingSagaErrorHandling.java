package com.sharefab.command.booking;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A booking saga handler that fails unexpectedly goes back to its tracking processor, which retries the event with
 * back-off, instead of Axon's default of logging it and moving on: skipping an order's event would leave the order
 * stuck (placed but never reserved, paid but never accepted) with nobody to notice. Expected business "no"s are
 * handled inside the saga; every command it sends is idempotent, so a retried event is safe.
 */
@Configuration(proxyBeanMethods = false)
class BookingSagaErrorHandling {

    @Bean
    ConfigurerModule bookingSagaRetries() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                BookingSaga.PROCESSING_GROUP, config -> PropagatingErrorHandler.instance()));
    }
}
