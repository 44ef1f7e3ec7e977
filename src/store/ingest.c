/*
 * ingest.c - (being written)
 */
#include "storyline/store.h"
