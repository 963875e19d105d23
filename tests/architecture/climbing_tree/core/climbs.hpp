// A core header that includes the pipeline: cmake/check_layers.cmake must refuse it (tests/CMakeLists.txt).
#pragma once
#include "waternet/core/grid.hpp"
#include "waternet/pipeline/stresstest.hpp"
