// A pipeline header that includes the core: allowed, so the check must not name it.
#pragma once
#include "waternet/core/grid.hpp"
