/*
 * sqlite.c - (being written)
 */
#include "storyline/store.h"
