package com.sharefab.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.DomainException;
import com.sharefab.query.order.OrderView;
import com.sharefab.query.order.OrderViews;
import com.sharefab.query.settlement.SettlementViews;
import graphql.GraphQLContext;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

/** {@code payOrder} and a settlement that is not there: retriable for an order waiting for payment, else not found. */
class PaymentMutationControllerTest {

    private final Commands commands = mock(Commands.class);
    private final SettlementViews settlements = mock(SettlementViews.class);
    private final OrderViews orders = mock(OrderViews.class);
    private final PaymentMutationController controller = new PaymentMutationController(commands, settlements, orders);
    private final GraphQLContext context = GraphQLContext.newContext().build();

    @Test
    void anOrderWithItsSettlement_isPaid() {
        when(settlements.findByOrder("o-1")).thenReturn(Optional.empty());
        var instructions = new PaymentInstructions("o-1", "stl.order-o-1", "p-1", "pp-1", "http://pay", "t", null);
        when(commands.sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class)))
                .thenReturn(instructions);

        assertThat(controller.payOrder("o-1", context)).isEqualTo(instructions);
        verify(commands, times(1)).sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class));
    }

    @Test
    void anOrderWaitingForPaymentWhoseSettlementIsNotOpenYet_isARetriablePaymentNotReady_atOnce_notNotFound() {
        var dueOrder = mock(OrderView.class);
        when(dueOrder.status()).thenReturn("PAYMENT_DUE");
        when(orders.find("o-3")).thenReturn(Optional.of(dueOrder));
        when(settlements.findByOrder("o-3")).thenReturn(Optional.empty());
        when(commands.sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class)))
                .thenThrow(new AggregateNotFoundException("stl.order-o-3", "not yet"));

        assertThatThrownBy(() -> controller.payOrder("o-3", context))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(PaymentErrorCode.PAYMENT_NOT_READY.name()));
        verify(commands, times(1)).sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class));
    }

    @Test
    void anOrderNotWaitingForPayment_isNotFoundAtOnce() {
        when(orders.find("o-2")).thenReturn(Optional.empty());
        when(settlements.findByOrder("o-2")).thenReturn(Optional.empty());
        when(commands.sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class)))
                .thenThrow(new AggregateNotFoundException("stl.order-o-2", "no such settlement"));

        assertThatThrownBy(() -> controller.payOrder("o-2", context)).isInstanceOf(AggregateNotFoundException.class);
        verify(commands, times(1)).sendAndWait(any(RequestPaymentCommand.class), any(GraphQLContext.class));
    }
}
