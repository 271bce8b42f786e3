package com.sharefab.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.AsyncServerResponse;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

/** GraphQL's answer is waited for on the request thread: the answer itself, or its failure as itself. */
class SynchronousGraphQlHttpHandlerTest {

    @Test
    void anAsynchronousAnswer_isWaitedFor_andAnsweredAsAPlainResponse() {
        var answer = ServerResponse.status(HttpStatus.OK).build();
        var async = ServerResponse.async(Mono.just(answer).delayElement(Duration.ofMillis(50)));

        var awaited = SynchronousGraphQlHttpHandler.awaited(async);

        assertThat(awaited).isSameAs(answer).isNotInstanceOf(AsyncServerResponse.class);
    }

    @Test
    void aFailedExecution_throwsItsOwnException_forSpringMvcToHandleAsBefore() {
        var failure = new IllegalArgumentException("unreadable body");
        var async = ServerResponse.async(Mono.<ServerResponse>error(failure));

        assertThatThrownBy(() -> SynchronousGraphQlHttpHandler.awaited(async)).isSameAs(failure);
    }

    @Test
    void aPlainResponse_isAnsweredAsItIs() {
        var answer = ServerResponse.badRequest().build();

        assertThat(SynchronousGraphQlHttpHandler.awaited(answer)).isSameAs(answer);
    }
}
