package dev.parley.core.testing;

import java.lang.reflect.Proxy;
import java.util.function.Function;

/** A port that answers one method; any other call is a test bug and throws. */
public final class PortStub {
  private PortStub() {}

  public static <T> T of(Class<T> type, String method, Function<Object[], Object> answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, m, args) -> {
              if (m.getName().equals(method)) {
                Object result = answer.apply(args);
                return m.getReturnType() == void.class ? null : result;
              }
              throw new UnsupportedOperationException(m.getName());
            }));
  }
}
