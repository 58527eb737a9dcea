// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Binders: from generically validated parameter values to the typed action
// structs of include/ossimg/actions.h, including the rules between parameters
// of one action.

#ifndef OSSIMG_SRC_PARSER_BIND_H_
#define OSSIMG_SRC_PARSER_BIND_H_

#include <vector>

#include "parser/op_registry.h"

namespace ossimg::parser {

#define OSSIMG_DECLARE_BINDER(name)                     \
  Status name(const OpSpec& op, const BindContext& ctx, \
              const std::vector<ParamValue>& v, Action* out)
OSSIMG_DECLARE_BINDER(BindResize);
OSSIMG_DECLARE_BINDER(BindCrop);
OSSIMG_DECLARE_BINDER(BindIndexCrop);
OSSIMG_DECLARE_BINDER(BindCircle);
OSSIMG_DECLARE_BINDER(BindRoundedCorners);
OSSIMG_DECLARE_BINDER(BindAutoOrient);
OSSIMG_DECLARE_BINDER(BindRotate);
OSSIMG_DECLARE_BINDER(BindBlur);
OSSIMG_DECLARE_BINDER(BindBright);
OSSIMG_DECLARE_BINDER(BindContrast);
OSSIMG_DECLARE_BINDER(BindSharpen);
OSSIMG_DECLARE_BINDER(BindFormat);
OSSIMG_DECLARE_BINDER(BindQuality);
OSSIMG_DECLARE_BINDER(BindInterlace);
OSSIMG_DECLARE_BINDER(BindInfo);
OSSIMG_DECLARE_BINDER(BindAverageHue);
OSSIMG_DECLARE_BINDER(BindWatermark);
#undef OSSIMG_DECLARE_BINDER

Status PrecheckResize(const OpSpec& op, const RawAction& raw);

// The fonts OSS's text watermark accepts (`type_`), in OSS's spelling.
const std::vector<const char*>& SupportedFonts();

}  // namespace ossimg::parser

#endif  // OSSIMG_SRC_PARSER_BIND_H_
