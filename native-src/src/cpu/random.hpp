// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11).
#pragma once

#include <array>
#include <cstdint>

namespace mln {

using PhiloxCtr = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

inline PhiloxCtr philox4x32_10(PhiloxCtr c, PhiloxKey k) {
  constexpr uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += W0;
      k[1] += W1;
    }
    uint64_t p0 = uint64_t(M0) * c[0];
    uint64_t p1 = uint64_t(M1) * c[2];
    c = {uint32_t(p1 >> 32) ^ c[1] ^ k[0], uint32_t(p1), uint32_t(p0 >> 32) ^ c[3] ^ k[1], uint32_t(p0)};
  }
  return c;
}

/** The block for (seed, offset + block, stream): the 128-bit counter is offset + block in its low
 * 64 bits (carry included) plus `stream` in the high 64 bits. */
inline PhiloxCtr philox_block(uint64_t seed, uint64_t offset, uint64_t block, uint64_t stream = 0) {
  uint64_t lo = offset + block;
  uint64_t hi = stream + (lo < offset ? 1 : 0);
  return philox4x32_10({uint32_t(lo), uint32_t(lo >> 32), uint32_t(hi), uint32_t(hi >> 32)},
                       {uint32_t(seed), uint32_t(seed >> 32)});
}

}  // namespace mln
