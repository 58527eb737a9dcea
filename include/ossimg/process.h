// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Turning an x-oss-process string into a validated ProcessSpec, and back into
// JSON.

#ifndef OSSIMG_PROCESS_H_
#define OSSIMG_PROCESS_H_

#include <string>
#include <string_view>

#include "ossimg/actions.h"
#include "ossimg/export.h"
#include "ossimg/limits.h"
#include "ossimg/status.h"

namespace ossimg {

// Parses "image/resize,w_100/format,webp", "style/name" or either with
// "|sys/saveas,o_..,b_..". On error the Status has OSS's code (InvalidArgument,
// BadRequest), the OSS error number where OSS documents one, and the byte
// offset of the offending token. Never crashes; the work is linear in the input
// and bounded by `limits.max_process_bytes` and `limits.max_actions`.
OSSIMG_EXPORT StatusOr<ProcessSpec> ParseProcess(
    std::string_view process, const Limits& limits = Limits());

// The normalised JSON form `ossimg parse` prints: every action with its
// defaults filled in.
OSSIMG_EXPORT std::string ProcessSpecToJson(const ProcessSpec& spec,
                                            int indent = 2);

// The action registry as JSON: every action, parameter, type, range, default
// and error number.
OSSIMG_EXPORT std::string ActionRegistryJson(int indent = 2);

}  // namespace ossimg

#endif  // OSSIMG_PROCESS_H_
