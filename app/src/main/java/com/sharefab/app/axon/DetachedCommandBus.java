package com.sharefab.app.axon;

import io.opentelemetry.context.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.callbacks.LoggingCallback;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The command bus: Axon's simple bus, except that a command sent while an <em>event</em> (or a deadline) is being
 * handled runs in a unit of work of its own, on a thread of its own, instead of nested in the event's.
 *
 * <p>Why: a command handled on the simple bus inside another unit of work is nested in it, and a nested unit of work
 * commits and cleans up only when its root does. A tracking processor's root is its whole batch (up to 50 events), so
 * a command the booking saga sent for the first event of a batch kept the listing's lock, and its events unwritten,
 * until the last event of the batch was done. With the saga on several threads, each thread waited for the listing
 * locks the others held: 95 % of the saga threads' time in the load benchmark's mix, and orders waited seconds for
 * their reservation. Detached, a command commits (its events are stored, its aggregate's lock released) before
 * {@code sendAndWait} returns to the handler, as it does for a command from GraphQL.
 *
 * <p>What stays the same: the handler still waits for the command and sees its result or failure; the command
 * carries the event's correlation data (taken when the message was created, on the handler's thread) and the
 * trace's context (propagated here). A command sent while a <em>command</em> is handled stays nested, on purpose:
 * {@code PaymentCommandHandler} relies on it (the settlement records a payment request only if the provider call
 * after it succeeds). Every command the saga and the payment process send is idempotent, so a batch handled again
 * after a failure sends them again harmlessly, which was already so for batches that failed after their commit.
 */
final class DetachedCommandBus implements CommandBus, AutoCloseable {

    private final CommandBus delegate;
    private final ExecutorService threads;

    DetachedCommandBus(CommandBus delegate) {
        this.delegate = delegate;
        var count = new AtomicInteger();
        // Unbounded (each thread serves one waiting event handler at a time, so there are at most as many as event
        // processing threads and deadline jobs), so a command never queues behind another that waits for it.
        this.threads = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "detached-command-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether a command dispatched now is sent from an event or deadline handler. */
    static boolean fromEventHandling() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof EventMessage;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, LoggingCallback.INSTANCE);
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        if (fromEventHandling()) {
            threads.execute(Context.current().wrap(() -> {
                try {
                    delegate.dispatch(command, callback);
                } catch (RuntimeException refused) {
                    // thrown by a dispatch interceptor (Bean Validation): on the caller's thread it would have reached
                    // the sender; here only the callback can take it there
                    callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(refused));
                }
            }));
        } else {
            delegate.dispatch(command, callback);
        }
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
