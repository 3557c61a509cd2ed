// Registers every file kind with its number (F_KIND). Imported once per thread.

import { Kind, registerKind } from "../file.js";
import { MemFileKind } from "./memfile.js";
import { DirKind } from "./dir.js";
import { HostFileKind } from "./hostfile.js";
import { DeviceKind } from "./device.js";
import { HostStreamKind } from "./stream.js";
import { PipeReadKind, PipeWriteKind } from "./pipe.js";
import { EpollKind } from "./epoll.js";
import { EventfdKind } from "./eventfd.js";

registerKind(Kind.MEMFILE, new MemFileKind());
registerKind(Kind.DIR, new DirKind());
registerKind(Kind.HOSTFILE, new HostFileKind());
registerKind(Kind.DEVICE, new DeviceKind());
registerKind(Kind.HOSTSTREAM, new HostStreamKind());
registerKind(Kind.PIPE_READ, new PipeReadKind());
registerKind(Kind.PIPE_WRITE, new PipeWriteKind());
registerKind(Kind.EPOLL, new EpollKind());
registerKind(Kind.EVENTFD, new EventfdKind());
