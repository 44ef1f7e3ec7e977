/**
 * @file storyline/storyline.h
 * @brief Umbrella header: includes every public storyline header.
 */
#ifndef SL_STORYLINE_STORYLINE_H
#define SL_STORYLINE_STORYLINE_H

#include "common.h"
#include "dates.h"
#include "digest.h"
#include "entities.h"
#include "extract.h"
#include "ingest.h"
#include "io.h"
#include "provenance.h"
#include "serve.h"
#include "store.h"
#include "stories.h"
#include "timeline.h"
#include "timex.h"

#endif
