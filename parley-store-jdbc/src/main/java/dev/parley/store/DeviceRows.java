package dev.parley.store;

import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.store.Created;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The devices table: notification targets, unique per user, platform and token. */
final class DeviceRows {
  private static final RowMapper<Device> DEVICE =
      r ->
          new Device(
              r.text("id"),
              r.text("user_id"),
              Platform.fromWire(r.text("platform"))
                  .orElseThrow(() -> new IllegalStateException("unknown platform in devices")),
              r.text("token"),
              r.instant("created_at"));

  Created<Device> insert(Connection c, Device d) throws SQLException {
    int inserted =
        Sql.of(
                c,
                """
                INSERT INTO devices (id, user_id, platform, token, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, platform, token) DO NOTHING""",
                d.id(),
                d.userId(),
                d.platform().wire(),
                d.token(),
                d.createdAt())
            .update();
    Device stored =
        Sql.of(
                c,
                "SELECT * FROM devices WHERE user_id = ? AND platform = ? AND token = ?",
                d.userId(),
                d.platform().wire(),
                d.token())
            .first(DEVICE)
            .orElseThrow(() -> new IllegalStateException("device " + d.id() + " not stored"));
    return new Created<>(stored, inserted == 1);
  }

  Optional<Device> find(Connection c, String id) throws SQLException {
    return Sql.of(c, "SELECT * FROM devices WHERE id = ?", id).first(DEVICE);
  }

  List<Device> of(Connection c, Collection<String> userIds) throws SQLException {
    return Sql.listIn(c, "SELECT * FROM devices WHERE user_id IN (?)", userIds, DEVICE);
  }

  boolean delete(Connection c, String userId, String deviceId) throws SQLException {
    return Sql.of(c, "DELETE FROM devices WHERE id = ? AND user_id = ?", deviceId, userId).update()
        == 1;
  }
}
