#pragma once
// The web page backend: a scene into one self-contained HTML file that shows the figure exactly
// (as SVG inline, at the figure's size in pixels) and reads it back to the user: pointing at a cell shows its row, column and value; the wheel (or a
// pinch) zooms the cell area, a drag pans it, a double click resets it; the arrow keys move a
// highlighted cell and announce it through an ARIA live region. The page makes no request of any
// kind (its Content-Security-Policy forbids them): it works offline and from file://.
//
//   std::string page = heatmap::render_html(scene);   // a scene made for a page (figure.hpp)
//
// What travels, and how:
// - the figure: figure_html plans it as the PNG (raster target: the PNG's layout, in pixels at the
//   dpi), so the page shows what the PNG shows, place for place; the SVG backend draws it, text as
//   glyph outlines (each line shaped unhinted at its size, from the pen start the layout gave it),
//   one pixel per cell drawn with image-rendering: pixelated, without the declaration, per-cell
//   <title>s and figure <title> (the page shows its own), with the parts the script moves marked
//   (svg.hpp's SvgOptions::part_groups);
// - the values: each cell's text as the tooltip shows it (the annotation's, else Python's "g"),
//   once each when values repeat (a table and one index per cell, 1, 2 or 4 bytes in base64);
//   for a downsampled figure, not the matrix but one float32 per reduced pixel (base64) and, per
//   pixel column and row, the cells it covers;
// - the script, ours and small (the constant page_script below), and no other.
//
// Zoom keeps cells crisp: the cells are the SVG's image drawn with image-rendering: pixelated
// under an SVG transform, annotations and grid lines stay vectors, and tick labels slide with
// their cells (those scrolled out of the axes are hidden).

#include <string>

#include "config.hpp"

namespace heatmap {

struct Scene;

HEATMAP_FUNC std::string render_html(const Scene& scene);

}  // namespace heatmap

#if HEATMAP_EMIT_DEFINITIONS

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "render_raster.hpp"
#include "scene.hpp"
#include "svg.hpp"
#include "text.hpp"
#include "utf8.hpp"
#include "version.hpp"

namespace heatmap {
namespace detail {

// The page's script: reads the data block, hit-tests the pointer against the grid (cells, or the
// reduced pixels of a downsampled figure), zooms and pans the marked parts, walks the grid with
// the keys. Kept small and dependency-free; the test in tests/browser drives it in Chromium.
inline constexpr std::string_view page_script = R"js((()=>{"use strict";
const $=i=>document.getElementById(i),D=JSON.parse($("hm-data").textContent),F=$("hm"),
S=F.querySelector("svg"),T=F.querySelector(".hm-tip"),L=$("hm-live"),N="http://www.w3.org/2000/svg",
[X0,Y0,X1,Y1]=D.ax,AW=X1-X0,AH=Y1-Y0,P=D.p,
b64=(s,A)=>{const b=atob(s),u=new Uint8Array(b.length);for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return new A(u.buffer)},
el=(n,a,p)=>{const e=document.createElementNS(N,n);for(const k in a)e.setAttribute(k,a[k]);p&&p.append(e);return e},
lab=(l,i)=>l?l[i]:String(i),cl=(v,a,b)=>Math.min(Math.max(v,a),b);
let NR,NC,box,say,cell;
if(P){const f=P.f&&b64(P.f,Float32Array),s=P.s,
span=(l,a,b)=>a==b?lab(l,a):lab(l,a)+" \u2013 "+lab(l,b);
NR=P.h;NC=P.w;
box=(i,j)=>[Math.max(X0,(P.x+j)/s),Math.max(Y0,(P.y+i)/s),Math.min(X1,(P.x+j+1)/s),Math.min(Y1,(P.y+i+1)/s)];
cell=(x,y)=>[Math.floor(y*s)-P.y,Math.floor(x*s)-P.x];
say=(i,j)=>{const r=P.rf[i],R=P.rl[i],c=P.cf[j],C=P.cl[j],n=(R-r+1)*(C-c+1),v=f?f[i*P.w+j]:NaN;
return[[r==R?D.rn:D.rns,span(D.rl,r,R)],[c==C?D.cn:D.cns,span(D.cl,c,C)],
[n>1?P.red+" of "+n+" cells":D.vn,f?isNaN(v)?"no data":String(+v.toPrecision(4)):""]]}}
else{const t=D.vt,x=t&&b64(D.vi,[Uint8Array,Uint16Array,,Uint32Array][D.vw-1]),w=AW/D.c,h=AH/D.r;
NR=D.r;NC=D.c;
box=(i,j)=>[X0+j*w,Y0+i*h,X0+(j+1)*w,Y0+(i+1)*h];
cell=(a,b)=>[Math.floor((b-Y0)/h),Math.floor((a-X0)/w)];
say=(i,j)=>{const k=i*D.c+j;return[[D.rn,lab(D.rl,i)],[D.cn,lab(D.cl,j)],[D.vn,t?t[x[k]]:D.v[k]]]}}
let z=1,vx=X0,vy=Y0,cur=null,key=null,tw;
const ZM=Math.max(8,2*Math.max(NR,NC)),
cp=el("clipPath",{id:"hm-clip"},el("defs",{},S));el("rect",{x:X0,y:Y0,width:AW,height:AH},cp);
const layer=(q,n)=>{const e=[...S.querySelectorAll(q)];if(!e.length)return null;
if(e.length>n){const d=document.createElement("div"),s=el("svg",{viewBox:`${X0} ${Y0} ${AW} ${AH}`});
d.className="hm-ov";d.style.cssText=`left:${X0/D.W*100}%;top:${Y0/D.H*100}%;width:${AW/D.W*100}%;height:${AH/D.H*100}%`;
d.append(s);S.after(d);el("g",{},s).append(...e);return[d,s,1]}
const o=el("g",{}),g=el("g",{},o);e[0].before(o);g.append(...e);return[o,g]},
C=layer('[data-p="c"],[data-p="g"]',1/0),A=layer('[data-p="a"]',D.ml);
C[0].setAttribute("clip-path","url(#hm-clip)");
const H=el("g",{visibility:"hidden"},A?A[1]:C[1]),
hr=[el("rect",{fill:"none",stroke:"#fff","stroke-width":3,"vector-effect":"non-scaling-stroke"},H),
el("rect",{fill:"none",stroke:"#000","stroke-width":1.5,"vector-effect":"non-scaling-stroke"},H)];
const ticks=(t,l,n,y)=>{const a=[...S.querySelectorAll(`[data-p="${t}"]`)],b=[...S.querySelectorAll(`[data-p="${l}"]`)];
return b.map((e,k)=>({e:a[k]?[a[k],e]:[e],p:(a[k]?+a[k].dataset.i:k)+.5,n,y}))},
TK=[...ticks("xt","xl",D.c,0),...ticks("yt","yl",D.r,1)];
const apply=()=>{const m=`matrix(${z} 0 0 ${z} ${X0-z*vx} ${Y0-z*vy})`;
C[1].setAttribute("transform",m);
if(A&&A[2]){const s=A[1].style;s.transform=`translate(${(X0-vx)*z/AW*100}%,${(Y0-vy)*z/AH*100}%) scale(${z})`;
A[0].style.overflow=z>1?"hidden":"";if(z>1||s.willChange){s.willChange="transform";clearTimeout(tw);tw=setTimeout(()=>s.willChange="",300)}}
else if(A){A[1].setAttribute("transform",m);z>1?A[0].setAttribute("clip-path","url(#hm-clip)"):A[0].removeAttribute("clip-path")}
for(const t of TK){const a=t.y?Y0:X0,w=t.y?AH:AW,p=a+t.p*w/t.n,q=a+z*(p-(t.y?vy:vx)),o=q<a-.01||q>a+w+.01;
for(const e of t.e){e.setAttribute("transform",t.y?`translate(0 ${q-p})`:`translate(${q-p} 0)`);e.style.visibility=o?"hidden":""}}
F.dataset.view=z+" "+vx+" "+vy;F.classList.toggle("rt",z==1&&devicePixelRatio==1);
if(cur)mark(cur)},
fix=()=>{vx=cl(vx,X0,X1-AW/z);vy=cl(vy,Y0,Y1-AH/z)},
zoom=(f,x,y)=>{const a=vx+(x-X0)/z,b=vy+(y-Y0)/z;z=cl(z*f,1,ZM);vx=a-(x-X0)/z;vy=b-(y-Y0)/z;fix();apply()},
pan=(dx,dy)=>{vx-=dx/z;vy-=dy/z;fix();apply()},
reset=()=>{z=1;vx=X0;vy=Y0;apply()},
inAx=(x,y)=>x>=X0&&x<X1&&y>=Y0&&y<Y1,
hit=(x,y)=>{if(!inAx(x,y))return null;const c=cell(vx+(x-X0)/z,vy+(y-Y0)/z);return[cl(c[0],0,NR-1),cl(c[1],0,NC-1)]},
scr=()=>{const r=S.getBoundingClientRect();return[r.width/D.W,r.height/D.H]},
user=e=>{const r=S.getBoundingClientRect();return[(e.clientX-r.left)*D.W/r.width,(e.clientY-r.top)*D.H/r.height]},
mark=c=>{const b=box(...c);for(const r of hr){r.setAttribute("x",b[0]);r.setAttribute("y",b[1]);r.setAttribute("width",b[2]-b[0]);r.setAttribute("height",b[3]-b[1])}H.setAttribute("visibility","visible")},
show=(c,x,y,k)=>{cur=c;if(!c){T.hidden=true;H.setAttribute("visibility","hidden");return}
const s=say(...c),t=s.map(([a,b])=>a+": "+b);T.textContent=t.join("\n");T.hidden=false;mark(c);
if(k)L.textContent=t.join(", ");
const[sx,sy]=scr();let px=x*sx+14,py=y*sy+14;
if(px+T.offsetWidth>innerWidth-F.getBoundingClientRect().left)px=x*sx-14-T.offsetWidth;
T.style.left=Math.max(0,px)+"px";T.style.top=py+"px"};
const pt=new Map();
S.addEventListener("pointerdown",e=>{const p=user(e);if(!inAx(...p))return;pt.set(e.pointerId,p);S.setPointerCapture(e.pointerId);e.preventDefault()});
S.addEventListener("pointermove",e=>{const p=user(e),q=pt.get(e.pointerId);
if(q){if(pt.size>1){const o=[...pt].find(([k])=>k!=e.pointerId)[1],d=Math.hypot(q[0]-o[0],q[1]-o[1]);
if(d>0)zoom(Math.hypot(p[0]-o[0],p[1]-o[1])/d,(p[0]+o[0])/2,(p[1]+o[1])/2)}else pan(p[0]-q[0],p[1]-q[1]);pt.set(e.pointerId,p)}
key=null;show(hit(...p),...p)});
const up=e=>pt.delete(e.pointerId);
S.addEventListener("pointerup",up);S.addEventListener("pointercancel",up);
S.addEventListener("pointerleave",()=>{if(!pt.size)show(null)});
S.addEventListener("wheel",e=>{const p=user(e);if(!inAx(...p))return;e.preventDefault();
zoom(Math.exp(-e.deltaY*(e.deltaMode?40:1)/500),...p);show(hit(...p),...p)},{passive:false});
S.addEventListener("dblclick",()=>{reset();show(null)});
F.addEventListener("keydown",e=>{const k=e.key;let[i,j]=key||[0,0];
if(key){if(k=="ArrowUp")i--;else if(k=="ArrowDown")i++;else if(k=="ArrowLeft")j--;else if(k=="ArrowRight")j++;
else if(k=="Home")j=0;else if(k=="End")j=NC-1;else if(k=="PageUp")i=0;else if(k=="PageDown")i=NR-1}
if(k=="Escape"){key=null;show(null);return}
const b=box(i,j),cx=X0+z*((b[0]+b[2])/2-vx),cy=Y0+z*((b[1]+b[3])/2-vy);
if(k=="+"||k=="=")zoom(2,cx,cy);else if(k=="-")zoom(.5,cx,cy);else if(k=="0")reset();
else if(!/^(Arrow|Home|End|Page)/.test(k))return;
e.preventDefault();key=[cl(i,0,NR-1),cl(j,0,NC-1)];
const c=box(...key),w=AW/z,h=AH/z;
if(c[0]<vx)vx=c[0];if(c[2]>vx+w)vx=c[2]-w;if(c[1]<vy)vy=c[1];if(c[3]>vy+h)vy=c[3]-h;fix();apply();
show(key,X0+z*(c[2]-vx),Y0+z*(c[3]-vy),1)});
F.addEventListener("blur",()=>{if(key)show(null)});
apply();F.dataset.ready=1})();
)js";

// Annotations the page zooms as vectors within the SVG, redrawn every frame; above this many (a
// frame then takes over 50 ms in Chromium on 2 cores), they move to a layer of their own that the
// browser scales while the zoom moves and redraws crisp once it rests.
inline constexpr std::size_t max_vector_annotations = 1000;

// JSON text for a string: quotes, backslashes and control characters escaped, '<' too (so that
// no value can close the <script> element it travels in), invalid UTF-8 as U+FFFD.
inline void json_text(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char c = next_utf8(s, i);
        i += c.length;
        if (c.cp == '"' || c.cp == '\\') {
            out += '\\';
            out += static_cast<char>(c.cp);
        } else if (c.cp < 0x20 || c.cp == '<' || c.cp == '>' || c.cp == '&') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c.cp));
            out += buf;
        } else {
            append_utf8(out, c.cp);
        }
    }
    out += '"';
}

inline void json_texts(std::string& out, const std::vector<std::string>& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        json_text(out, v[i]);
    }
    out += ']';
}

inline void json_indices(std::string& out, const std::vector<std::size_t>& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(v[i]);
    }
    out += ']';
}

// Base64 of bytes on one line (svg.hpp's breaks lines, which JSON strings cannot hold).
inline std::string base64_line(const std::vector<std::uint8_t>& bytes) {
    std::string s = base64(bytes);
    s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
    return s;
}

// Little-endian bytes of unsigned integers `width` bytes wide, as a JavaScript typed array of the
// same width reads them.
inline std::vector<std::uint8_t> le_bytes(const std::vector<std::uint32_t>& v, int width) {
    std::vector<std::uint8_t> out;
    out.reserve(v.size() * static_cast<std::size_t>(width));
    for (std::uint32_t x : v)
        for (int b = 0; b < width; ++b) out.push_back(static_cast<std::uint8_t>(x >> (8 * b)));
    return out;
}

// The cells' texts: a plain list when most differ; otherwise each distinct text once, and per cell
// the index of its text (the smallest integer width that holds the table's size).
inline void json_cell_values(std::string& out, const std::vector<std::string>& values) {
    std::unordered_map<std::string_view, std::uint32_t> index;
    std::vector<std::uint32_t> which;
    which.reserve(values.size());
    std::vector<std::string> table;
    for (const std::string& v : values) {
        const auto [it, added] = index.emplace(v, static_cast<std::uint32_t>(index.size()));
        if (added) table.push_back(v);
        which.push_back(it->second);
    }
    if (table.size() * 2 > values.size()) {
        out += "\"v\":";
        json_texts(out, values);
        return;
    }
    const int width = table.size() <= 256 ? 1 : table.size() <= 65536 ? 2 : 4;
    out += "\"vt\":";
    json_texts(out, table);
    out += ",\"vw\":" + std::to_string(width) + ",\"vi\":\"" + base64_line(le_bytes(which, width)) +
           "\"";
}

inline void json_pixels(std::string& out, const PixelsItem& p, const PixelInfo& info) {
    out += "\"r\":" + std::to_string(info.rows) + ",\"c\":" + std::to_string(info.cols);
    if (!info.row_labels.empty()) out += ",\"rl\":", json_texts(out, info.row_labels);
    if (!info.col_labels.empty()) out += ",\"cl\":", json_texts(out, info.col_labels);
    out += ",\"p\":{\"x\":" + std::to_string(p.x) + ",\"y\":" + std::to_string(p.y) +
           ",\"w\":" + std::to_string(p.width) + ",\"h\":" + std::to_string(p.height) +
           ",\"s\":" + svg_num6(p.pixels_per_unit) + ",\"red\":";
    json_text(out, info.reduce);
    out += ",\"rf\":", json_indices(out, info.row_first);
    out += ",\"rl\":", json_indices(out, info.row_last);
    out += ",\"cf\":", json_indices(out, info.col_first);
    out += ",\"cl\":", json_indices(out, info.col_last);
    if (!info.values.empty()) {
        std::vector<std::uint32_t> bits(info.values.size());
        for (std::size_t i = 0; i < bits.size(); ++i)
            std::memcpy(&bits[i], &info.values[i], sizeof(float));
        out += ",\"f\":\"" + base64_line(le_bytes(bits, 4)) + "\"";
    }
    out += '}';
}

// A scene laid out for pixels (hinted text, as the PNG measures it) carries no glyph outlines: each
// line of text gets them, shaped unhinted at the same size, and keeps its place.
inline Scene with_vector_text(const Scene& scene) {
    Scene page = scene;
    for (SceneItem& item : page.items) {
        auto* run = std::get_if<TextRun>(&item.shape);
        if (!run || !run->shaped) continue;
        bool outlined = true;
        for (const ShapedText& line : run->shaped->lines)
            outlined = outlined && (!line.vector_glyphs.empty() || line.width == 0);
        if (outlined) continue;
        auto lines = std::make_shared<ShapedLines>(*run->shaped);
        std::size_t start = 0;
        for (ShapedText& line : lines->lines) {
            const std::size_t end = std::min(run->text.find('\n', start), run->text.size());
            line = shape_text(std::string_view(run->text).substr(start, end - start), run->size_pt,
                              page.units_per_inch, TextMetrics::svg);
            start = end + 1;
        }
        run->shaped = std::move(lines);
    }
    return page;
}

// A scene in pixels (the PNG's) drawn by a browser at one CSS pixel per pixel: the cells and the
// lines between them become the very pixels the raster backend paints for them (one PixelsItem,
// which zoom then enlarges as blocks), and straight lines are snapped as Agg snaps them, so that
// the page and the PNG differ in their text's antialiasing and little else.
inline void pixel_exact(Scene& page) {
    if (page.units_per_inch != page.dpi) return;  // a scene in points: nothing lands on pixels
    auto& items = page.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].tag.part != Part::cells || !std::holds_alternative<ClipBegin>(items[i].shape))
            continue;
        std::size_t end = i + 1;
        while (end < items.size() && !std::holds_alternative<ClipEnd>(items[end].shape)) ++end;
        if (end == items.size()) return;
        Scene cells;
        cells.width = page.width, cells.height = page.height;
        cells.units_per_inch = page.units_per_inch, cells.dpi = page.dpi;
        cells.background = Rgba{255, 255, 255, 0};
        cells.items.assign(items.begin() + static_cast<std::ptrdiff_t>(i),
                           items.begin() + static_cast<std::ptrdiff_t>(end + 1));
        const Image image = render_raster(cells);
        // Agg's clip box: the axes rounded to whole pixels.
        const Box& clip = std::get<ClipBegin>(items[i].shape).box;
        const int x0 = std::max(0, round_edge(clip.x0)), y0 = std::max(0, round_edge(clip.y0));
        const int x1 = std::min(image.width, round_edge(clip.x1)),
                  y1 = std::min(image.height, round_edge(clip.y1));
        if (x1 <= x0 || y1 <= y0) return;
        PixelsItem pixels{x0,      y0,          x1 - x0,
                          y1 - y0, 1.0,         Box{double(x0), double(y0), double(x1), double(y1)},
                          {},      std::nullopt};
        pixels.pixels.reserve(static_cast<std::size_t>(pixels.width) *
                              static_cast<std::size_t>(pixels.height));
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const std::uint8_t* p =
                    image.pixels.data() +
                    4 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                         static_cast<std::size_t>(x));
                pixels.pixels.push_back(Rgba{p[0], p[1], p[2], p[3]});
            }
        SceneItem replaced;
        replaced.shape = std::move(pixels);
        replaced.tag = {Part::cells};
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i),
                    items.begin() + static_cast<std::ptrdiff_t>(end + 1));
        items.insert(items.begin() + static_cast<std::ptrdiff_t>(i), std::move(replaced));
        break;
    }
    for (SceneItem& item : items) {
        auto* l = std::get_if<LineItem>(&item.shape);
        if (!l || !l->snap) continue;
        if (l->a.y == l->b.y) {
            l->a.y = l->b.y = snap(l->a.y, l->width);
            l->a.x = std::floor(l->a.x + 0.5), l->b.x = std::floor(l->b.x + 0.5);
        } else if (l->a.x == l->b.x) {
            l->a.x = l->b.x = snap(l->a.x, l->width);
            l->a.y = std::floor(l->a.y + 0.5), l->b.y = std::floor(l->b.y + 0.5);
        }
    }
}

// The text of a scene in pixels as the raster backend paints it (hinted, as in the PNG), alone on
// a transparent image of the figure's size: what the page shows while it is at one CSS pixel per
// pixel and not zoomed, over the glyph outlines it hides then. Empty when there is no text.
inline std::string raster_text_png(const Scene& scene) {
    if (scene.units_per_inch != scene.dpi) return {};
    Scene text;
    text.width = scene.width, text.height = scene.height;
    text.units_per_inch = scene.units_per_inch, text.dpi = scene.dpi;
    text.background = Rgba{255, 255, 255, 0};
    for (const SceneItem& item : scene.items)
        if (std::holds_alternative<TextRun>(item.shape)) text.items.push_back(item);
    if (text.items.empty()) return {};
    const Image image = render_raster(text);
    std::vector<Rgba> colors(static_cast<std::size_t>(image.width) *
                             static_cast<std::size_t>(image.height));
    std::map<std::uint32_t, int> inks;  // the text's colors (the ink under a partial coverage)
    for (std::size_t i = 0; i < colors.size(); ++i) {
        colors[i] = Rgba{image.pixels[4 * i], image.pixels[4 * i + 1], image.pixels[4 * i + 2],
                         image.pixels[4 * i + 3]};
        if (colors[i].a == 0)
            colors[i] = Rgba{0, 0, 0, 0};
        else if (inks.size() <= 16)
            inks[std::uint32_t{colors[i].r} << 16 | std::uint32_t{colors[i].g} << 8 | colors[i].b];
    }
    // A few inks (black and white, say): coverage in as many steps as keep every color of the
    // image in a 256-entry palette (a quarter of RGBA's bytes, and half the page's text cost); a
    // step off by at most 1/255 for two inks, invisible.
    if (!inks.empty() && inks.size() <= 16) {
        const int levels = static_cast<int>(255 / inks.size());
        for (Rgba& c : colors)
            if (c.a)
                c.a = static_cast<std::uint8_t>(
                    std::lround(std::round(c.a * (levels - 1) / 255.0) * 255.0 / (levels - 1)));
    }
    return base64_line(png_file(embed_image(colors, static_cast<std::size_t>(image.width),
                                            static_cast<std::size_t>(image.height), 1, false)));
}

// The page's data block: the axes, the grid and its labels, what the tooltip's lines are called,
// and the values.
inline std::string page_data(const Scene& scene) {
    std::string rows_name = "row", cols_name = "column", value_name = "value";
    const CellsItem* cells = nullptr;
    const PixelsItem* pixels = nullptr;
    for (const SceneItem& item : scene.items) {
        if (const auto* c = std::get_if<CellsItem>(&item.shape)) cells = c;
        if (const auto* p = std::get_if<PixelsItem>(&item.shape)) pixels = p;
        const auto* run = std::get_if<TextRun>(&item.shape);
        if (!run || run->text.empty()) continue;
        if (item.tag.part == Part::ylabel) rows_name = run->text;
        if (item.tag.part == Part::xlabel) cols_name = run->text;
        if (item.tag.part == Part::colorbar_label) value_name = run->text;
    }
    const bool named_rows = rows_name != "row", named_cols = cols_name != "column";
    std::string out = "{\"W\":" + svg_num(scene.width) + ",\"H\":" + svg_num(scene.height) +
                      ",\"ml\":" + std::to_string(max_vector_annotations);
    out += ",\"rn\":", json_text(out, rows_name);
    out += ",\"cn\":", json_text(out, cols_name);
    out += ",\"rns\":", json_text(out, named_rows ? rows_name : "rows");
    out += ",\"cns\":", json_text(out, named_cols ? cols_name : "columns");
    out += ",\"vn\":", json_text(out, value_name);
    const Box& axes = cells ? cells->box : pixels ? pixels->box : Box{};
    out += ",\"ax\":[" + svg_num(axes.x0) + "," + svg_num(axes.y0) + "," + svg_num(axes.x1) + "," +
           svg_num(axes.y1) + "],";
    if (cells) {
        out += "\"r\":" + std::to_string(cells->rows) + ",\"c\":" + std::to_string(cells->cols);
        if (cells->info) {
            const CellInfo& info = *cells->info;
            if (!info.row_labels.empty()) out += ",\"rl\":", json_texts(out, info.row_labels);
            if (!info.col_labels.empty()) out += ",\"cl\":", json_texts(out, info.col_labels);
            out += ',';
            json_cell_values(out, info.values);
        } else {
            out += ",\"v\":[]";
        }
    } else if (pixels && pixels->info) {
        json_pixels(out, *pixels, *pixels->info);
    } else {
        throw std::invalid_argument(
            "render_html: the scene has no cells with tooltip data: make it with figure_html (or "
            "a scene planned for a page)");
    }
    out += '}';
    return out;
}

}  // namespace detail

HEATMAP_FUNC std::string render_html(const Scene& scene) {
    std::string title = "Heatmap";
    for (const SceneItem& item : scene.items)
        if (const auto* run = std::get_if<TextRun>(&item.shape))
            if (item.tag.part == Part::title && !run->text.empty()) title = run->text;
    SvgOptions svg_options;
    svg_options.declaration = false, svg_options.cell_titles = false, svg_options.title = false;
    svg_options.part_groups = true, svg_options.upscale_cells = false;
    const std::string data = detail::page_data(scene);
    // The figure at its size in pixels at the dpi, as its PNG shows in a browser.
    const double to_px = scene.dpi / scene.units_per_inch;
    const std::string w = detail::svg_num(scene.width * to_px),
                      h = detail::svg_num(scene.height * to_px);
    std::string page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"heatmap " +
        std::string(version) + "\">\n<title>";
    detail::xml_escape(page, title);
    page +=
        "</title>\n<style>\n"
        "body{margin:0;background:#fff}\n"
        ".hm{position:relative;display:inline-block;margin:0;line-height:0}\n"
        ".hm:focus{outline:none}.hm:focus-visible{box-shadow:0 0 0 2px #1a73e8}\n"
        ".hm svg{display:block;width:" +
        w + "px;height:" + h +
        "px;touch-action:none}\n"
        ".hm-tip{position:absolute;z-index:1;pointer-events:none;white-space:pre;"
        "font:14px/1.4 system-ui,sans-serif;color:#111;background:#fffffff2;border:1px solid "
        "#999;border-radius:3px;padding:3px 6px;box-shadow:0 1px 4px #0004}\n"
        ".hm-live{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}\n"
        ".hm.rt use[*|href^=\"#g\"]{visibility:hidden}.hm:not(.rt) .hm-rt{display:none}\n"
        ".hm-ov{position:absolute;pointer-events:none}.hm-ov svg{position:absolute;left:0;top:0;"
        "width:100%;height:100%;overflow:visible;transform-origin:0 0}\n"
        "</style>\n</head>\n<body>\n<figure class=\"hm\" id=\"hm\" tabindex=\"0\" role=\"group\" "
        "aria-roledescription=\"heatmap\" aria-label=\"";
    detail::xml_escape(page, title);
    page +=
        ". Point at a cell to read it; arrow keys move between cells, + and - zoom, 0 "
        "resets.\">\n";
    Scene drawn = detail::with_vector_text(scene);
    detail::pixel_exact(drawn);
    std::string svg = render_svg(drawn, svg_options);
    const std::string text = detail::raster_text_png(scene);
    const std::size_t end = svg.rfind("</g>\n</svg>");
    if (!text.empty() && end != std::string::npos)
        svg.insert(end, "<image class=\"hm-rt\" x=\"0\" y=\"0\" width=\"" +
                            detail::svg_num(scene.width) + "\" height=\"" +
                            detail::svg_num(scene.height) +
                            "\" style=\"image-rendering: pixelated\" "
                            "xlink:href=\"data:image/png;base64," +
                            text + "\"/>\n");
    page += svg;
    page +=
        "<div class=\"hm-tip\" role=\"tooltip\" hidden></div>\n</figure>\n"
        "<p class=\"hm-live\" id=\"hm-live\" aria-live=\"polite\"></p>\n"
        "<script type=\"application/json\" id=\"hm-data\">";
    page += data;
    page += "</script>\n<script>\n";
    page += detail::page_script;
    page += "</script>\n</body>\n</html>\n";
    return page;
}

}  // namespace heatmap

#endif  // HEATMAP_EMIT_DEFINITIONS
