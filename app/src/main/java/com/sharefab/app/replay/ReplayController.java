package com.sharefab.app.replay;

import com.sharefab.app.replay.ReadModelReplays.ReplayStatus;
import com.sharefab.query.graphql.InvalidArgumentException;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code replayStatus} and {@code startReplay}: OPERATOR only (the schema's {@code @access}). */
@Controller
class ReplayController {

    private final ReadModelReplays replays;

    ReplayController(ReadModelReplays replays) {
        this.replays = replays;
    }

    @QueryMapping
    List<ReplayStatus> replayStatus() {
        return replays.statuses();
    }

    @MutationMapping
    ReplayStatus startReplay(@Argument String readModel) {
        try {
            return replays.start(readModel);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidArgumentException("readModel", e.getMessage());
        }
    }
}
