export { ScheduleDialog } from "./ScheduleDialog";
