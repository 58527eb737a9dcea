// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Umbrella header: everything a program linking ossimg::ossimg uses.

#ifndef OSSIMG_OSSIMG_H_
#define OSSIMG_OSSIMG_H_

#include "ossimg/actions.h"
#include "ossimg/codec.h"
#include "ossimg/engine.h"
#include "ossimg/image.h"
#include "ossimg/limits.h"
#include "ossimg/process.h"
#include "ossimg/status.h"
#include "ossimg/version.h"

#endif  // OSSIMG_OSSIMG_H_
