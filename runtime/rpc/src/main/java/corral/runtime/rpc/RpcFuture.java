package corral.runtime.rpc;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A value to come from the RPC engine: the results of a call, a connection being made. The holder
 * can only wait for it or compose on it; only the engine completes it (Netty's {@code Future},
 * whose writable {@code Promise} stays inside).
 *
 * <p>Failures are {@link RpcException}s: {@link #join()} and {@link #get(long, TimeUnit)} throw a
 * new {@code RpcException} of the failure's kind and reason, with the original as its cause (so the
 * stack trace shows where the caller waited), never a {@code CompletionException} or {@code
 * ExecutionException}.
 *
 * <p>Dependent actions ({@link #thenApply}, {@link #whenComplete}, ...) run in the thread that
 * completes this future, which is never an event loop: a thread blocked in {@code join}/{@code get}
 * or one of the vat's executor's threads; or at once in the calling thread if this future is
 * already done.
 *
 * @param <T> the value's type
 */
public class RpcFuture<T> {
  final CompletableFuture<T> future;

  RpcFuture(CompletableFuture<T> future) {
    this.future = future;
  }

  /** A future that is already done with {@code value}. */
  public static <T> RpcFuture<T> completed(T value) {
    return new RpcFuture<>(CompletableFuture.completedFuture(value));
  }

  /** A future that has already failed with {@code failure}. */
  public static <T> RpcFuture<T> failed(RpcException failure) {
    return new RpcFuture<>(CompletableFuture.failedFuture(failure));
  }

  /** Runs before a blocking wait; a call's own future takes its answer from the loop here. */
  void beforeWait() {}

  /** Runs before a wait of at most {@code nanos}; see {@link #beforeWait}. */
  void beforeTimedWait(long nanos) throws InterruptedException {}

  /**
   * Waits (uninterruptibly) for the value.
   *
   * @throws RpcException if it failed; a canceled call fails as {@code failed: call canceled}
   */
  public T join() {
    beforeWait();
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      throw rethrown(e);
    }
  }

  /**
   * Waits at most {@code timeout} for the value. The call goes on after a timeout: wait again, or
   * cancel it.
   *
   * @throws RpcException if it failed
   * @throws TimeoutException if it is not done within {@code timeout}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public T get(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!future.isDone()) {
      beforeTimedWait(unit.toNanos(timeout));
    }
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CancellationException e) {
      throw rethrown(e);
    }
  }

  /** Whether the value or the failure is here (waiting would not block). */
  public boolean isDone() {
    return future.isDone();
  }

  /**
   * The failure, if this future is done and failed: for callers that expect failure as a value (an
   * {@code overloaded} to back off from) rather than as an exception.
   */
  public java.util.Optional<RpcException> failure() {
    if (!future.isDone() || !future.isCompletedExceptionally()) {
      return java.util.Optional.empty();
    }
    try {
      future.join();
      return java.util.Optional.empty();
    } catch (CompletionException | CancellationException e) {
      return java.util.Optional.of(RpcException.from(e));
    }
  }

  /**
   * A future of {@code fn} applied to the value; a failure (of this or of {@code fn}) passes on.
   */
  public <U> RpcFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return new RpcFuture<>(future.thenApply(fn));
  }

  /** A future of the future {@code fn} returns for the value. */
  public <U> RpcFuture<U> thenCompose(Function<? super T, ? extends RpcFuture<U>> fn) {
    return new RpcFuture<>(future.thenCompose(v -> fn.apply(v).future));
  }

  /**
   * Runs {@code action} with the value (and a null failure) or the failure (and a null value) once
   * done; the returned future completes like this one, after {@code action}.
   */
  public RpcFuture<T> whenComplete(BiConsumer<? super T, ? super RpcException> action) {
    return new RpcFuture<>(
        future.whenComplete((v, e) -> action.accept(v, e == null ? null : RpcException.from(e))));
  }

  /**
   * A copy as a {@code CompletableFuture}, for APIs that take one; completing or canceling the copy
   * does nothing to this future or the call. It fails with the {@link RpcException}.
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> copy = new CompletableFuture<>();
    future.whenComplete(
        (v, e) -> {
          if (e != null) {
            copy.completeExceptionally(RpcException.from(e));
          } else {
            copy.complete(v);
          }
        });
    return copy;
  }

  private static RpcException rethrown(Throwable e) {
    RpcException cause = RpcException.from(e);
    return new RpcException(cause.kind(), cause.reason(), cause);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + (future.isDone()
            ? (future.isCompletedExceptionally() ? "[failed]" : "[done]")
            : "[to come]");
  }
}
