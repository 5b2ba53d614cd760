# Dear ImGui from Debian's source package (apt-get source imgui, fetched by
# scripts/setup.sh into the cache), compiled by whichever compiler builds us.
file(GLOB MLPG_IMGUI_DIRS "${MLPG_CACHE}/src/imgui-1.*")
list(SORT MLPG_IMGUI_DIRS)
list(POP_BACK MLPG_IMGUI_DIRS MLPG_IMGUI_DIR)
if(NOT MLPG_IMGUI_DIR OR NOT EXISTS "${MLPG_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${MLPG_CACHE}/src: run scripts/setup.sh")
endif()
message(STATUS "Dear ImGui: ${MLPG_IMGUI_DIR}")

if(EMSCRIPTEN)
  file(GLOB MLPG_SDL2_DIRS "${MLPG_CACHE}/sdl2-wasm-*")
  list(SORT MLPG_SDL2_DIRS)
  list(POP_BACK MLPG_SDL2_DIRS MLPG_SDL2_DIR)
  if(NOT MLPG_SDL2_DIR OR NOT EXISTS "${MLPG_SDL2_DIR}/.done")
    message(FATAL_ERROR "SDL2 for Emscripten not found in ${MLPG_CACHE}: run scripts/setup.sh")
  endif()
  message(STATUS "SDL2 (wasm): ${MLPG_SDL2_DIR}")
  add_library(mlpg_sdl2 INTERFACE)
  target_include_directories(mlpg_sdl2 INTERFACE ${MLPG_SDL2_DIR}/include ${MLPG_SDL2_DIR}/include/SDL2)
  target_link_libraries(mlpg_sdl2 INTERFACE ${MLPG_SDL2_DIR}/lib/libSDL2.a)
else()
  find_package(SDL2 REQUIRED)
  find_package(OpenGL REQUIRED)
  add_library(mlpg_sdl2 INTERFACE)
  target_include_directories(mlpg_sdl2 INTERFACE ${SDL2_INCLUDE_DIRS})
  target_link_libraries(mlpg_sdl2 INTERFACE ${SDL2_LIBRARIES} OpenGL::GL ${CMAKE_DL_LIBS})
endif()

add_library(imgui STATIC
  ${MLPG_IMGUI_DIR}/imgui.cpp ${MLPG_IMGUI_DIR}/imgui_draw.cpp
  ${MLPG_IMGUI_DIR}/imgui_tables.cpp ${MLPG_IMGUI_DIR}/imgui_widgets.cpp
  ${MLPG_IMGUI_DIR}/imgui_demo.cpp
  ${MLPG_IMGUI_DIR}/backends/imgui_impl_sdl.cpp
  ${MLPG_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${MLPG_IMGUI_DIR} ${MLPG_IMGUI_DIR}/backends)
target_link_libraries(imgui PUBLIC mlpg_sdl2)
target_compile_options(imgui PRIVATE -w)
if(MLPG_SANITIZE)  # third-party code we neither fuzz nor test: built plain (66 CPU-s less)
  target_compile_options(imgui PRIVATE -fno-sanitize=all -g0)
endif()
if(EMSCRIPTEN)  # for size, like the rest of the UI (ui/CMakeLists.txt)
  target_compile_options(imgui PRIVATE -Os)
endif()
# 32-bit draw indices: a window with more than 65,535 vertices (long training
# curves, many paths) otherwise wraps its indices, and WebGL2's backend has no
# vertex offsets to split it (the FAQ's optimizer race drew garbage).
target_compile_definitions(imgui PUBLIC "ImDrawIdx=unsigned int")
