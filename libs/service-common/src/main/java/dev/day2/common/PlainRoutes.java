package dev.day2.common;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a JAX-RS resource gets from the framework, for a hot path served on a plain Vert.x route
 * instead (ADR 0121: a quarter of the CPU per request): {@code GET} and {@code HEAD} to the handler
 * (Vert.x sends no body for {@code HEAD}), {@code OPTIONS} answered with {@code Allow}, any other
 * method a JSON 405 with {@code Allow}, the {@code Accept} negotiation with its JSON 400, a JSON
 * 500 for whatever the handler throws, and JSON bodies. The headers every service sets, the access
 * log and the HTTP metrics come from the HTTP layer below and apply to routes and resources alike.
 */
public final class PlainRoutes {
  public static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final String INTERNAL = Json.encode(ErrorBody.INTERNAL);
  private static final Logger LOG = Logger.getLogger(PlainRoutes.class);
  private static final String BAD_ACCEPT =
      Json.encode(new ErrorBody("bad_request", Negotiation.MALFORMED));
  private static final String NOT_ACCEPTABLE =
      Json.encode(new ErrorBody("not_acceptable", "this resource answers application/json only"));

  private PlainRoutes() {}

  /**
   * Serves {@code GET} and {@code HEAD} of exactly {@code path} with {@code handler}. Whatever the
   * handler throws or fails the context with answers the JSON 500 every service answers, the cause
   * in the log only (as service-common's catch-all exception mapper does for resources), not the
   * framework's error page.
   */
  public static void get(Router router, String path, Handler<RoutingContext> handler) {
    router
        .route(path)
        .handler(context -> {
          HttpMethod method = context.request().method();
          if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            handler.handle(context);
          } else if (method.equals(HttpMethod.OPTIONS)) {
            context.response().putHeader(HttpHeaders.ALLOW, ALLOW).end();
          } else {
            methodNotAllowed(context);
          }
        })
        .failureHandler(PlainRoutes::internalError);
  }

  /**
   * Serves only {@code GET} and {@code HEAD} of {@code path} (Vert.x path parameters allowed) with
   * {@code handler}, for a hot read beside a JAX-RS resource that keeps the path's other methods:
   * they, and {@code OPTIONS}, fall through to it. Failures as {@link #get}.
   */
  public static void getAndHead(Router router, String path, Handler<RoutingContext> handler) {
    router
        .route(path)
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(handler)
        .failureHandler(PlainRoutes::internalError);
  }

  /**
   * Answers every method but {@code GET}, {@code HEAD} and {@code OPTIONS} on the paths matching
   * {@code pathRegex} with the JSON 405 and {@code Allow}, ahead of the JAX-RS resources of a
   * read-only API: RESTEasy answered some of those methods 404 (a path of one resource whose
   * template shares a prefix with another's) and its 405 carries no {@code Allow} (RFC 9110,
   * 15.5.6). The three methods go on to whatever serves the path.
   */
  public static void readOnly(Router router, String pathRegex) {
    router
        .routeWithRegex(pathRegex)
        .order(-200)
        .handler(context -> {
          HttpMethod method = context.request().method();
          if (method.equals(HttpMethod.GET)
              || method.equals(HttpMethod.HEAD)
              || method.equals(HttpMethod.OPTIONS)) {
            context.next();
          } else {
            methodNotAllowed(context);
          }
        });
  }

  /** The JSON 405 of a path that answers GET, HEAD and OPTIONS, with that {@code Allow}. */
  private static void methodNotAllowed(RoutingContext context) {
    ErrorBody body = ErrorBody.methodNotAllowed(context.request().method().name(), ALLOW);
    json(context.response().putHeader(HttpHeaders.ALLOW, ALLOW), 405, Json.encode(body));
  }

  /** The JSON 500 for whatever a handler threw or failed with, its cause in the log only. */
  private static void internalError(RoutingContext context) {
    LOG.error("unhandled error", context.failure());
    if (!context.response().headWritten()) {
      json(context.response(), 500, INTERNAL);
    }
  }

  /**
   * Whether the client prefers JSON to text ({@link Negotiation}); empty after answering a
   * malformed {@code Accept} header with a JSON 400.
   */
  public static Optional<Boolean> prefersJson(RoutingContext context) {
    try {
      List<String> accept = context.request().headers().getAll(HttpHeaders.ACCEPT);
      return Optional.of(Negotiation.prefersJson(String.join(",", accept)));
    } catch (IllegalArgumentException malformed) {
      json(context.response(), 400, BAD_ACCEPT);
      return Optional.empty();
    }
  }

  /**
   * Whether the client takes JSON ({@link Negotiation#acceptsJson}), for a route that answers
   * nothing else; false after answering a JSON 406, or a JSON 400 for a malformed {@code Accept}.
   */
  public static boolean acceptsJson(RoutingContext context) {
    try {
      List<String> accept = context.request().headers().getAll(HttpHeaders.ACCEPT);
      if (Negotiation.acceptsJson(String.join(",", accept))) {
        return true;
      }
      json(context.response(), 406, NOT_ACCEPTABLE);
    } catch (IllegalArgumentException malformed) {
      json(context.response(), 400, BAD_ACCEPT);
    }
    return false;
  }

  /**
   * Runs {@code task} on the request's Vert.x context: at once when already there or on its event
   * loop's thread, queued to that loop otherwise. A route answers from its store's reply or a
   * timer, which may run on another context; the request's log context (its {@code request_id},
   * which {@code EdgeHeaders} put there) lives on the request's, so a failure logged anywhere else
   * carried no request id, or another's.
   */
  public static void onRequestContext(RoutingContext context, Runnable task) {
    if (context.request() instanceof HttpServerRequestInternal request
        && request.context() instanceof ContextInternal requestContext
        && !requestContext.isRunningOnContext()) {
      if (requestContext.nettyEventLoop().inEventLoop()) {
        requestContext.dispatch(ignored -> task.run());
      } else {
        requestContext.runOnContext(ignored -> task.run());
      }
    } else {
      task.run();
    }
  }

  /** Ends {@code response} with {@code status} and a JSON {@code body}, unless the client left. */
  public static void json(HttpServerResponse response, int status, String body) {
    if (response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }
}
