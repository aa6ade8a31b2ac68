// Times oneDNN primitives directly on a ConvGen suite (Debian's libdnnl-dev 2.6): format_tag::any for every tensor,
// memory created in the primitive's chosen layout, nothing but execute() in the timed loop. For each layer it tries
// convolution_auto ("dnnl_auto"), convolution_direct ("dnnl_direct") and convolution_winograd ("dnnl_wino", only
// where oneDNN implements it); transposed layers use deconvolution_direct. Threads: OMP_NUM_THREADS.
// Build: g++ -O2 -std=c++17 bench_onednn.cpp -ldnnl -o bench_onednn
// Run:   python3 suite_lines.py SUITE | OMP_NUM_THREADS=1 ./bench_onednn 1 > out.csv
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>
#include <dnnl.hpp>

using namespace dnnl;
using clk = std::chrono::steady_clock;

static void fill(memory& m) {
    float* p = static_cast<float*>(m.get_data_handle());
    size_t n = m.get_desc().get_size() / sizeof(float);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (size_t i = 0; i < n; i++) p[i] = u(rng);
}

template <typename F>
static void timed(F f, double& median_ms, double& best_ms) {
    auto t0 = clk::now();
    for (int k = 0; k < 3 || std::chrono::duration<double>(clk::now() - t0).count() < 0.2; k++) f();
    std::vector<double> ts;
    auto start = clk::now();
    while (ts.size() < 20 || std::chrono::duration<double>(clk::now() - start).count() < 0.5) {
        auto a = clk::now();
        f();
        ts.push_back(std::chrono::duration<double, std::milli>(clk::now() - a).count());
    }
    std::sort(ts.begin(), ts.end());
    median_ms = ts[ts.size() / 2];
    best_ms = ts[0];
}

int main(int argc, char** argv) {
    int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    engine eng(engine::kind::cpu, 0);
    stream s(eng);
    std::printf("layer,peer,threads,macs,median_ms,best_ms,gflops_median,algorithm\n");
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string name, op;
        int rank, n, cin, cout, groups;
        in >> name >> op >> rank >> n >> cin >> cout >> groups;
        auto read = [&](int count) { std::vector<long> v(count); for (auto& x : v) in >> x; return v; };
        auto sp = read(rank), k = read(rank), st = read(rank), pad = read(rank), dil = read(rank), out = read(rank);
        long macs;
        in >> macs;
        memory::dims src{n, cin}, dst{n, cout}, wei, strides, dilates, pads;
        for (int a = 0; a < rank; a++) { src.push_back(sp[a]); dst.push_back(out[a]); strides.push_back(st[a]); dilates.push_back(dil[a] - 1); pads.push_back(pad[a]); }
        bool transposed = op.rfind("conv_transpose", 0) == 0;
        if (groups > 1) wei = {groups, cout / groups, cin / groups}; else wei = {cout, cin};
        for (int a = 0; a < rank; a++) wei.push_back(k[a]);
        auto any = memory::format_tag::any;
        memory::desc src_md(src, memory::data_type::f32, any), dst_md(dst, memory::data_type::f32, any), wei_md(wei, memory::data_type::f32, any);
        struct Try { const char* peer; algorithm alg; };
        std::vector<Try> tries = transposed
            ? std::vector<Try>{{"dnnl_auto", algorithm::deconvolution_direct}}
            : std::vector<Try>{{"dnnl_auto", algorithm::convolution_auto}, {"dnnl_direct", algorithm::convolution_direct}, {"dnnl_wino", algorithm::convolution_winograd}};
        for (auto t : tries) {
            try {
                primitive prim;
                memory srcm, weim, dstm;
                std::string impl;
                if (transposed) {
                    deconvolution_forward::desc d(prop_kind::forward_inference, t.alg, src_md, wei_md, dst_md, strides, dilates, pads, pads);
                    deconvolution_forward::primitive_desc pd(d, eng);
                    srcm = memory(pd.src_desc(), eng); weim = memory(pd.weights_desc(), eng); dstm = memory(pd.dst_desc(), eng);
                    prim = deconvolution_forward(pd); impl = pd.impl_info_str();
                } else {
                    convolution_forward::desc d(prop_kind::forward_inference, t.alg, src_md, wei_md, dst_md, strides, dilates, pads, pads);
                    convolution_forward::primitive_desc pd(d, eng);
                    srcm = memory(pd.src_desc(), eng); weim = memory(pd.weights_desc(), eng); dstm = memory(pd.dst_desc(), eng);
                    prim = convolution_forward(pd); impl = pd.impl_info_str();
                }
                fill(srcm); fill(weim);
                double med, best;
                timed([&] { prim.execute(s, {{DNNL_ARG_SRC, srcm}, {DNNL_ARG_WEIGHTS, weim}, {DNNL_ARG_DST, dstm}}); s.wait(); }, med, best);
                std::printf("%s,%s,%d,%ld,%.4f,%.4f,%.2f,%s\n", name.c_str(), t.peer, threads, macs, med, best, 2.0 * macs / (med / 1e3) / 1e9, impl.c_str());
                std::fflush(stdout);
            } catch (const dnnl::error&) {
                // This algorithm does not implement this layer (e.g. Winograd on a strided or 1-D layer).
            }
        }
    }
    return 0;
}
