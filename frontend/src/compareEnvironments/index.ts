export { CompareEnvironmentsDialog } from "./CompareEnvironmentsDialog";
export { kernelSource, localSourceOf, machineSource, MACHINE_PREFIX, type LocalSource } from "./localPackages";
