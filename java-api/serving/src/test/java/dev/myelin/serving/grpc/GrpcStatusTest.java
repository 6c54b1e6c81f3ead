package dev.myelin.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.serving.ServingException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Every {@link ServingException.Code} becomes the gRPC status of the same name, message kept. */
class GrpcStatusTest {
  @Test
  void everyCodeMapsToTheGrpcCodeOfTheSameName() {
    for (ServingException.Code c : ServingException.Code.values()) {
      Status s = GrpcFrontEnd.status(new CompletionException(new ServingException(c, "why " + c)));
      String want =
          switch (c) {
            case PAYLOAD_TOO_LARGE -> "RESOURCE_EXHAUSTED";
            case CLIENT_TIMEOUT -> "DEADLINE_EXCEEDED";
            default -> c.name();
          };
      assertEquals(want, s.getCode().name(), c.name());
      assertEquals("why " + c, s.getDescription());
    }
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        GrpcFrontEnd.status(new IllegalArgumentException("x")).getCode());
    assertEquals(
        Status.Code.INTERNAL, GrpcFrontEnd.status(new IllegalStateException("x")).getCode());
  }
}
