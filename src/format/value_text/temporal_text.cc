#include "format/value_text/temporal_text.h"

#include <charconv>

#include "format/value_text/civil_date.h"

namespace lakeml::format {
namespace {

using columnar::TimeUnit;

constexpr int64_t kMicrosPerSecond = 1000000;

int64_t TicksPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMilli:
      return 1000;
    case TimeUnit::kMicro:
      return 1000000;
    case TimeUnit::kNano:
      return 1000000000;
  }
  return 1000000;
}

// Writes v (0..99) as two digits.
inline char* Put2(char* p, int64_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// Writes v (0..10^digits-1) as exactly `digits` digits.
inline char* PutFixed(char* p, uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + digits;
}

char* PutYear(char* p, int64_t year) {
  if (year >= 0 && year <= 9999) return PutFixed(p, static_cast<uint64_t>(year), 4);
  *p++ = year < 0 ? '-' : '+';
  uint64_t mag = year < 0 ? 0 - static_cast<uint64_t>(year) : static_cast<uint64_t>(year);
  if (mag < 10000) return PutFixed(p, mag, 4);
  return std::to_chars(p, p + 24, mag).ptr;
}

char* PutDate(char* p, int64_t days) {
  CivilDate c = CivilFromDays(days);
  p = PutYear(p, c.year);
  *p++ = '-';
  p = Put2(p, c.month);
  *p++ = '-';
  return Put2(p, c.day);
}

// Writes HH:MM:SS.ffffff for 0 <= micros < one day (86,400 s).
char* PutTimeOfDay(char* p, int64_t micros) {
  const int64_t secs = micros / kMicrosPerSecond;
  p = Put2(p, secs / 3600);
  *p++ = ':';
  p = Put2(p, secs / 60 % 60);
  *p++ = ':';
  p = Put2(p, secs % 60);
  *p++ = '.';
  return PutFixed(p, static_cast<uint64_t>(micros % kMicrosPerSecond), 6);
}

// Floor division and non-negative remainder, without overflow for any int64 numerator.
inline void FloorDivMod(int64_t v, int64_t d, int64_t* q, int64_t* r) {
  *q = v / d;
  *r = v % d;
  if (*r < 0) {
    *r += d;
    *q -= 1;
  }
}

// Converts a non-negative remainder in `unit` ticks to microseconds (truncating nanoseconds).
inline int64_t ToMicros(int64_t ticks, int64_t ticks_per_second) {
  if (ticks_per_second >= kMicrosPerSecond) return ticks / (ticks_per_second / kMicrosPerSecond);
  return ticks * (kMicrosPerSecond / ticks_per_second);
}

}  // namespace

void AppendDate(int64_t days_since_epoch, std::string* out) {
  char buf[48];
  char* end = PutDate(buf, days_since_epoch);
  out->append(buf, end);
}

void AppendTime(int64_t value, TimeUnit unit, std::string* out) {
  const int64_t tps = TicksPerSecond(unit);
  char buf[64];
  char* p = buf;
  if (value >= 0 && value / tps < 86400) {
    p = PutTimeOfDay(p, ToMicros(value, tps));
  } else {
    // Outside a day: corrupt or unusual data; print hours without a bound.
    unsigned __int128 mag = value < 0 ? 0 - static_cast<unsigned __int128>(value)
                                      : static_cast<unsigned __int128>(value);
    if (value < 0) *p++ = '-';
    const uint64_t secs = static_cast<uint64_t>(mag / tps);
    const uint64_t sub = static_cast<uint64_t>(mag % tps);
    p = std::to_chars(p, p + 24, secs / 3600).ptr;
    if (secs / 3600 < 10) {  // Keep two hour digits, as in the normal case.
      p[0] = p[-1];
      p[-1] = '0';
      ++p;
    }
    *p++ = ':';
    p = Put2(p, static_cast<int64_t>(secs / 60 % 60));
    *p++ = ':';
    p = Put2(p, static_cast<int64_t>(secs % 60));
    *p++ = '.';
    p = PutFixed(p, static_cast<uint64_t>(ToMicros(static_cast<int64_t>(sub), tps)), 6);
  }
  out->append(buf, p);
}

void AppendTimestamp(int64_t value, TimeUnit unit, bool utc, std::string* out) {
  const int64_t tps = TicksPerSecond(unit);
  int64_t days, rem;
  FloorDivMod(value, 86400 * tps, &days, &rem);
  char buf[64];
  char* p = PutDate(buf, days);
  *p++ = 'T';
  p = PutTimeOfDay(p, ToMicros(rem, tps));
  if (utc) *p++ = 'Z';
  out->append(buf, p);
}

void AppendInterval(int32_t months, int32_t days, int64_t nanos, std::string* out) {
  char buf[128];
  char* p = buf;
  *p++ = 'P';
  auto put_signed = [&p](int64_t v, char unit) {
    p = std::to_chars(p, p + 24, v).ptr;
    *p++ = unit;
  };
  if (months / 12 != 0) put_signed(months / 12, 'Y');
  if (months % 12 != 0) put_signed(months % 12, 'M');
  if (days != 0) put_signed(days, 'D');
  if (nanos != 0) {
    *p++ = 'T';
    const bool neg = nanos < 0;
    const uint64_t mag = neg ? 0 - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos);
    const uint64_t kNanosPerSecond = 1000000000;
    const uint64_t secs = mag / kNanosPerSecond;
    const uint64_t frac = mag % kNanosPerSecond;
    auto put_unsigned = [&p, neg](uint64_t v) {
      if (neg) *p++ = '-';
      p = std::to_chars(p, p + 24, v).ptr;
    };
    if (secs / 3600 != 0) {
      put_unsigned(secs / 3600);
      *p++ = 'H';
    }
    if (secs / 60 % 60 != 0) {
      put_unsigned(secs / 60 % 60);
      *p++ = 'M';
    }
    if (secs % 60 != 0 || frac != 0) {
      put_unsigned(secs % 60);
      if (frac != 0) {
        *p++ = '.';
        char digits[9];
        PutFixed(digits, frac, 9);
        int n = 9;
        while (digits[n - 1] == '0') --n;
        for (int i = 0; i < n; ++i) *p++ = digits[i];
      }
      *p++ = 'S';
    }
  } else if (months == 0 && days == 0) {
    *p++ = 'T';
    *p++ = '0';
    *p++ = 'S';
  }
  out->append(buf, p);
}

}  // namespace lakeml::format
