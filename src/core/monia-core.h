/* monia-core.h — everything in the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-error.h"
#include "monia-calendar.h"
#include "monia-hetu.h"
#include "monia-json-check.h"
#include "monia-kind.h"
#include "monia-mutation.h"
#include "monia-record.h"
#include "monia-store.h"
#include "monia-store-sync.h"
#include "monia-demo.h"
#include "monia-policy.h"
#include "monia-protocol.h"
#include "monia-report.h"
#include "monia-team-ops.h"
#include "monia-catalogue-ops.h"
#include "monia-audit.h"
