// RFC 6298 RTO computation. See rto.hpp for the rules and the choices.
#include <sluice/stack/tcp/rto.hpp>

#include <algorithm>

namespace sluice::stack {

namespace {

/// RFC 7323 Appendix G: ceil(FlightSize / (2 SMSS)), at least 1.
std::int64_t expected_samples(const RtoEstimator::Sample& s) {
    if (!s.timestamped || s.flight_size == 0 || s.smss == 0) return 1;
    const std::int64_t per_sample = 2 * std::int64_t{s.smss};
    return std::max<std::int64_t>(1, (s.flight_size + per_sample - 1) / per_sample);
}

}  // namespace

RtoEstimator::RtoEstimator(Duration min_rto)
    : rto_(kInitialRto), min_rto_(std::clamp(min_rto, Duration::zero(), kMaxRto)) {
    rto_ = std::clamp(kInitialRto, min_rto_, kMaxRto);
}

bool RtoEstimator::on_sample(const Sample& sample) {
    if (sample.rtt < Duration::zero()) return false;
    if (sample.retransmitted && !sample.timestamped) return false;  // Karn
    if (has_sample_) {
        smooth(sample.rtt, expected_samples(sample));
    } else {
        first_sample(sample.rtt);
    }
    compute_rto();
    backoff_ = 0;
    return true;
}

void RtoEstimator::first_sample(Duration r) {
    srtt_ = r;
    rttvar_ = r / 2;
    has_sample_ = true;
}

void RtoEstimator::smooth(Duration r, std::int64_t expected_samples) {
    // beta = 1/4 and alpha = 1/8, each divided by ExpectedSamples; RTTVAR
    // first, since it uses the SRTT from before this sample (§2.3).
    const Duration err = srtt_ > r ? srtt_ - r : r - srtt_;
    rttvar_ += (err - rttvar_) / (4 * expected_samples);
    srtt_ += (r - srtt_) / (8 * expected_samples);
}

void RtoEstimator::compute_rto() {
    rto_ = std::clamp(srtt_ + std::max(kGranularity, 4 * rttvar_), min_rto_, kMaxRto);
}

void RtoEstimator::on_timeout() {
    if (backoff_ < 255) ++backoff_;
}

void RtoEstimator::established(bool syn_timed_out) {
    if (!syn_timed_out || rto_ >= kSynTimeoutRto) return;
    rto_ = std::min(kSynTimeoutRto, kMaxRto);
    backoff_ = 0;
}

Duration RtoEstimator::timeout() const {
    Duration t = rto_;
    for (unsigned i = 0; i < backoff_ && t < kMaxRto; ++i) t *= 2;
    return std::min(t, kMaxRto);
}

}  // namespace sluice::stack
