package com.sharefab.query.firm;

import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The {@code firm} and {@code firms} queries. */
@Controller
class FirmQueryController {

    private final FirmViews views;

    FirmQueryController(FirmViews views) {
        this.views = views;
    }

    @QueryMapping
    FirmView firm(@Argument String id) {
        return views.find(id).orElse(null);
    }

    @QueryMapping
    Connection<FirmView> firms(@Argument Integer first, @Argument String after) {
        int size = Cursors.pageSize(first);
        String afterId = Cursors.decode(after);
        return Cursors.page(views.page(afterId, size + 1), size, afterId != null, FirmView::id);
    }
}
