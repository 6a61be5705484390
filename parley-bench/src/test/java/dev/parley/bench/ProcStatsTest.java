package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
  @Test
  void readsTheHeapInUseOfG1() {
    String g1 =
        """
         garbage-first heap   total 1048576K, used 136548K [0x00000000c0000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 30216K, committed 30976K, reserved 1114112K
        """;

    assertThat(ProcStats.usedBytes(g1)).isEqualTo(136_548L * 1024);
  }

  @Test
  void addsTheGenerationsOfTheSerialCollector() {
    String serial =
        """
        DefNew     total 78656K, used 1398K [0x00000000f0000000, 0x00000000f5550000)
         eden space 69952K,  2% used [0x00000000f0000000, 0x00000000f015d8e8, 0x00000000f4450000)
         from space 8704K,   0% used [0x00000000f4450000, 0x00000000f4450000, 0x00000000f4cd0000)
        Tenured    total 174784K, used 104000K [0x00000000f5550000, 0x0000000100000000)
         the  space 174784K,  59% used [0x00000000f5550000, 0x00000000f5673ab8, 0x0000000100000000)
        """;

    assertThat(ProcStats.usedBytes(serial)).isEqualTo((1_398L + 104_000L) * 1024);
  }

  @Test
  void unknownOutputIsMinusOne() {
    assertThat(ProcStats.usedBytes("Could not attach")).isEqualTo(-1);
  }
}
