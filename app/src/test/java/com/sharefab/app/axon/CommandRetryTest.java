package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** The command gateway retries lost write races, and nothing else: a business "no" reaches the caller at once. */
class CommandRetryTest {

    @Test
    void isWriteConflict_concurrencyException_isRetried() {
        assertThat(AxonConfiguration.isWriteConflict(new ConcurrencyException("sequence 7 taken"))).isTrue();
    }

    @Test
    void isWriteConflict_aggregateCreatedTwice_isRetried() {
        assertThat(AxonConfiguration.isWriteConflict(new AggregateStreamCreationException("created elsewhere")))
                .isTrue();
    }

    @Test
    void isWriteConflict_conflictAsCause_isRetried() {
        var wrapped = new CommandExecutionException("failed", new ConcurrencyException("sequence 7 taken"));

        assertThat(AxonConfiguration.isWriteConflict(wrapped)).isTrue();
    }

    @Test
    void isWriteConflict_domainException_isNotRetried() {
        var forbidden = new DomainException(CommonErrorCode.FORBIDDEN, "not yours");

        assertThat(AxonConfiguration.isWriteConflict(forbidden)).isFalse();
        assertThat(AxonConfiguration.isWriteConflict(new CommandExecutionException("failed", forbidden))).isFalse();
    }

    @Test
    void isWriteConflict_otherFailures_areNotRetried() {
        assertThat(AxonConfiguration.isWriteConflict(new AggregateNotFoundException("l-1", "no such listing")))
                .isFalse();
        assertThat(AxonConfiguration.isWriteConflict(new JSR303ViolationException(Set.of()))).isFalse();
        assertThat(AxonConfiguration.isWriteConflict(new IllegalStateException("bug"))).isFalse();
    }
}
